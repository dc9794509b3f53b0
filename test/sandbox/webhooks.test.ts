import { startSandbox, type Sandbox } from '../../sandbox';
import { apiClient } from './helpers';

describe('sandbox webhook management', () => {
	let sandbox: Sandbox;
	let api: ReturnType<typeof apiClient>;

	beforeAll(async () => {
		sandbox = await startSandbox();
		api = apiClient(sandbox);
	});
	afterEach(() => sandbox.reset());
	afterAll(() => sandbox.stop());

	it('creates without returning an id, lists a bare array, deletes with 200', async () => {
		const created = await api('POST', '/webhooks', { target: 'https://n8n.example/webhook/abc?c360_token=x', triggers: ['message:appUser'] });
		expect(created).toMatchObject({ status: 201, body: { message: 'Webhook created successfully' } });

		const listed = await api('GET', '/webhooks');
		expect(listed.status).toBe(200);
		expect(listed.body).toEqual([
			{
				organization: sandbox.defaultOrg.orgId,
				target: 'https://n8n.example/webhook/abc?c360_token=x',
				triggers: ['message:appUser'],
				createdAt: expect.any(String),
				updatedAt: expect.any(String),
				version: 0,
				id: expect.stringMatching(/^[0-9a-f]{24}$/),
			},
		]);
		expect(Object.keys(listed.body[0])).toEqual(['organization', 'target', 'triggers', 'createdAt', 'updatedAt', 'version', 'id']);

		const deleted = await api('DELETE', `/webhooks/${listed.body[0].id}`);
		expect(deleted).toMatchObject({ status: 200, body: { message: 'Webhook deleted successfully' } });
		expect((await api('GET', '/webhooks')).body).toEqual([]);
	});

	it('coerces a single trigger string and allows duplicates', async () => {
		await api('POST', '/webhooks', { target: 'http://a', triggers: 'conversation:read' });
		await api('POST', '/webhooks', { target: 'http://a', triggers: 'conversation:read' });
		expect(sandbox.webhooks().map((w) => w.triggers)).toEqual([['conversation:read'], ['conversation:read']]);
	});

	it('reports both validation errors with fields', async () => {
		const response = await api('POST', '/webhooks', {});
		expect(response.status).toBe(400);
		expect(response.body).toEqual({
			errors: [
				{ message: 'target is required', field: 'target' },
				{ message: 'triggers is required', field: 'triggers' },
			],
		});
		expect((await api('POST', '/webhooks', { target: 'http://a', triggers: [] })).status).toBe(400);
	});

	it('answers 200 for unknown ids, 400 for malformed ones, and never deletes another org\'s webhook', async () => {
		expect((await api('DELETE', '/webhooks/0123456789abcdef01234567')).status).toBe(200);
		const malformed = await api('DELETE', '/webhooks/abc');
		expect(malformed.status).toBe(400);
		expect(malformed.body.errors[0].message).toMatch(/^Cast to ObjectId failed for value "abc"/);

		const other = sandbox.createOrganisation();
		const otherApi = apiClient(sandbox, other);
		await otherApi('POST', '/webhooks', { target: 'http://other', triggers: ['message:appUser'] });
		const otherId = sandbox.webhooks(other.orgId)[0].id;
		expect((await api('DELETE', `/webhooks/${otherId}`)).status).toBe(200);
		expect(sandbox.webhooks(other.orgId)).toHaveLength(1);
		expect((await api('GET', '/webhooks')).body).toEqual([]);
	});
});
