import { startSandbox, type Sandbox } from '../../sandbox';
import { apiClient } from './helpers';

describe('sandbox faults and rate limit', () => {
	let sandbox: Sandbox;
	let api: ReturnType<typeof apiClient>;

	beforeAll(async () => {
		sandbox = await startSandbox();
		api = apiClient(sandbox);
	});
	afterEach(() => sandbox.reset());
	afterAll(() => sandbox.stop());

	it('answers an injected 429 with Retry-After, once by default, before auth', async () => {
		sandbox.injectFault({ path: '/webhooks', status: 429, retryAfterSeconds: 2 });
		const limited = await api('GET', '/webhooks', undefined, { token: null });
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('2');
		expect(limited.body).toEqual({ error: 'Too many requests, please try again later.' });
		expect((await api('GET', '/webhooks')).status).toBe(200);
	});

	it('counts times down, matches method and regex paths, first match wins', async () => {
		sandbox.injectFault({ method: 'POST', path: /\/notification$/, status: 503, times: 2 });
		sandbox.injectFault({ path: /notification/, status: 500, body: { errors: [{ message: 'boom' }] } });
		expect((await api('GET', '/webhooks')).status).toBe(200);
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await api('POST', '/notification', {})).status);
		expect(statuses).toEqual([503, 503, 500, 400]);
		expect(sandbox.requests().map((r) => r.status)).toEqual([200, 503, 503, 500, 400]);
	});

	it('supports Infinity, latency-only faults, and clearFaults', async () => {
		sandbox.injectFault({ path: '/templates/list', status: 502, times: Infinity });
		for (let i = 0; i < 3; i++) expect((await api('GET', '/templates/list')).status).toBe(502);
		sandbox.clearFaults();
		sandbox.injectFault({ path: '/templates/list', status: 0, latencyMs: 120 });
		const started = Date.now();
		expect((await api('GET', '/templates/list')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
	});

	it('rate-limits per token per second with Retry-After: 1', async () => {
		sandbox.setRateLimit(3);
		const other = sandbox.createOrganisation();
		const otherApi = apiClient(sandbox, other);
		// Start at the beginning of a second so the burst stays inside one window.
		await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
		const statuses = await Promise.all(Array.from({ length: 5 }, () => api('GET', '/webhooks')));
		expect(statuses.map((r) => r.status).sort()).toEqual([200, 200, 200, 429, 429]);
		const limited = statuses.find((r) => r.status === 429)!;
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(limited.body).toEqual({ error: 'Too many requests, please try again later.' });
		expect((await otherApi('GET', '/webhooks')).status).toBe(200);
		sandbox.setRateLimit(null);
		expect((await api('GET', '/webhooks')).status).toBe(200);
	});
});
