import { startSandbox, type Sandbox } from '../../sandbox';
import { verifyToken } from '../../sandbox/jwt';
import { apiClient } from './helpers';

describe('sandbox auth and routing', () => {
	let sandbox: Sandbox;
	let api: ReturnType<typeof apiClient>;

	beforeAll(async () => {
		sandbox = await startSandbox({ jwtSecret: 'test-secret' });
		api = apiClient(sandbox);
	});
	afterAll(() => sandbox.stop());

	it('binds to loopback and issues HS256 tokens { id, name, iat } for the default org', () => {
		expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const payload = verifyToken(sandbox.defaultOrg.token, 'test-secret');
		expect(payload).toEqual({ id: sandbox.defaultOrg.orgId, name: expect.any(String), iat: expect.any(Number) });
		expect(sandbox.tokenFor(sandbox.defaultOrg.orgId)).toBe(sandbox.defaultOrg.token);
	});

	it('answers 200 with a valid token', async () => {
		const response = await api('GET', '/webhooks');
		expect(response.status).toBe(200);
		expect(response.body).toEqual([]);
	});

	it.each([
		['no header', null],
		['a garbage token', 'not-a-jwt'],
		['a token signed with another secret', 'WRONG'],
	])('answers 401 Not authorized for %s', async (_label, token) => {
		const value = token === 'WRONG' ? sandbox.tokenFor(sandbox.defaultOrg.orgId, 'other-secret') : token;
		const response = await api('GET', '/webhooks', undefined, { token: value });
		expect(response.status).toBe(401);
		expect(response.body).toEqual({ errors: [{ message: 'Not authorized' }] });
	});

	it('answers 403 without the errors envelope when the token is for another org', async () => {
		const other = sandbox.createOrganisation({ name: 'Other' });
		const response = await api('GET', '/webhooks', undefined, { token: other.token });
		expect(response.status).toBe(403);
		expect(response.body).toEqual({ message: 'Organization ID does not match token.' });
	});

	it('answers 404 Not Found for unknown routes, before auth', async () => {
		for (const path of ['/nothing-here', '/webhooks/a/b']) {
			const response = await api('GET', path, undefined, { token: null });
			expect(response).toMatchObject({ status: 404, body: { errors: [{ message: 'Not Found' }] } });
		}
		const outside = await fetch(`${sandbox.url}/v2/whatever`);
		expect(outside.status).toBe(404);
	});

	it('answers 400 with the parser message for invalid JSON', async () => {
		const response = await api('POST', '/webhooks', undefined, { rawBody: '{"target": ' });
		expect(response.status).toBe(400);
		expect(response.body.errors[0].message).toMatch(/JSON/);
	});

	it('logs API requests without query strings or secrets', async () => {
		await api('GET', '/subscribers', undefined, { query: { search: 'secret-term' } });
		const log = sandbox.requests();
		const last = log[log.length - 1];
		expect(last).toMatchObject({ method: 'GET', path: `/v1.1/org/${sandbox.defaultOrg.orgId}/subscribers`, status: 200 });
		expect(JSON.stringify(log)).not.toContain('secret-term');
		expect(JSON.stringify(log)).not.toContain(sandbox.defaultOrg.token);
	});

	it('refuses to bind beyond loopback', async () => {
		await expect(startSandbox({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
	});
});
