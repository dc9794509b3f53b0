import { startSandbox, type Sandbox } from '../../sandbox';
import { apiClient } from './helpers';

const VALID = {
	name: 'order_shipped',
	description: 'Shipping update',
	enabled: true,
	namespace: 'default',
	language: 'en_US',
	category: 'UTILITY',
	components: [{ type: 'BODY', text: 'Your order {{1}} has shipped', example: { body_text: [['4411']] } }],
};

describe('sandbox templates', () => {
	let sandbox: Sandbox;
	let api: ReturnType<typeof apiClient>;
	let org: string;

	beforeAll(async () => {
		sandbox = await startSandbox();
		api = apiClient(sandbox);
		org = sandbox.defaultOrg.orgId;
	});
	afterEach(() => sandbox.reset());
	afterAll(() => sandbox.stop());

	it('lists a bare array, filtered by enabled and configured (APPROVED)', async () => {
		sandbox.addTemplate(org, { name: 'a', language: 'en_US', components: [] });
		sandbox.addTemplate(org, { name: 'b', language: 'en_US', status: 'PENDING', components: [] });
		sandbox.addTemplate(org, { name: 'c', language: 'en_US', enabled: false, components: [] });
		const names = (body: Array<{ name: string }>) => body.map((t) => t.name);
		expect(names((await api('GET', '/templates/list')).body)).toEqual(['a', 'b', 'c']);
		expect(names((await api('GET', '/templates/list', undefined, { query: { enabled: 'true' } })).body)).toEqual(['a', 'b']);
		expect(names((await api('GET', '/templates/list', undefined, { query: { enabled: 'yes' } })).body)).toEqual(['c']);
		expect(names((await api('GET', '/templates/list', undefined, { query: { filter: 'configured' } })).body)).toEqual(['a', 'c']);
		const bad = await api('GET', '/templates/list', undefined, { query: { filter: 'unconfigured' } });
		expect(bad.status).toBe(400);
		expect(bad.body.errors[0].message).toMatch(/^Invalid filter parameter provided/);
	});

	it('gets one template by name, 404 otherwise', async () => {
		const added = sandbox.addTemplate(org, { name: 'order_update', language: 'en_US', components: [{ type: 'BODY', text: 'Hi {{1}}' }] });
		const response = await api('GET', '/templates/order_update');
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({ id: added.id, organization: org, name: 'order_update', status: 'APPROVED', enabled: true, category: 'UTILITY' });
		expect(await api('GET', '/templates/missing')).toMatchObject({ status: 404, body: { errors: [{ message: 'Not Found' }] } });
	});

	it('creates a PENDING template with 201 { message }', async () => {
		const response = await api('POST', '/whatsapp/templates', VALID);
		expect(response).toMatchObject({ status: 201, body: { message: 'Template order_shipped has been created successfully' } });
		expect((await api('GET', '/templates/order_shipped')).body).toMatchObject({ status: 'PENDING', namespace: 'default', description: 'Shipping update' });
		expect((await api('POST', '/whatsapp/templates', VALID)).status).toBe(400);
	});

	it.each([
		[{ name: undefined }, 'name', 'name must be provided'],
		[{ name: 'Order-Shipped' }, 'name', 'Name Format is Incorrect: The message template name can only have lowercase letters and underscores.'],
		[{ name: 'ends_' }, 'name', 'Name Format is Incorrect: The message template name can only have lowercase letters and underscores.'],
		[{ description: '' }, 'description', 'description must be provided'],
		[{ enabled: '' }, 'enabled', 'enabled must be provided'],
		[{ namespace: '' }, 'namespace', 'namespace must be provided'],
		[{ language: undefined }, 'language', 'language must be provided'],
		[{ category: 'ALERT_UPDATE' }, 'category', 'Please select a valid category [MARKETING, AUTHENTICATION, UTILITY]'],
		[{ components: undefined }, 'components', 'components must be provided'],
	])('rejects %j', async (override, field, message) => {
		const response = await api('POST', '/whatsapp/templates', { ...VALID, ...override });
		expect(response.status).toBe(400);
		expect(response.body.errors).toContainEqual({ field, message });
	});

	it('accepts enabled: false and validates tags', async () => {
		expect((await api('POST', '/whatsapp/templates', { ...VALID, enabled: false })).status).toBe(201);
		const tags = await api('POST', '/whatsapp/templates', { ...VALID, name: 'tagged', tags: { body: [{ type: 'hard-coded' }, { value: 1 }] } });
		expect(tags.body).toEqual({ errors: [{ message: 'hard-coded value required,tag type not provided for tag! All tags must specify a type.' }] });
	});

	it('updates only description, namespace, enabled and tags', async () => {
		const added = sandbox.addTemplate(org, { name: 'x1', language: 'en_US', components: [{ type: 'BODY', text: 'a' }] });
		const response = await api('PUT', `/templates/${added.id}`, { description: 'new', enabled: false, status: 'REJECTED', components: [] });
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({ description: 'new', enabled: false, status: 'APPROVED', components: [{ type: 'BODY', text: 'a' }], version: 1 });
		expect((await api('PUT', '/templates/0123456789abcdef01234567', {})).status).toBe(404);
		expect((await api('PUT', '/templates/bad-id', {})).status).toBe(400);
	});

	it('bulk-enables, deletes with 202 and refreshes with 202', async () => {
		const added = sandbox.addTemplate(org, { name: 'x2', language: 'en_US', enabled: false, components: [] });
		expect(await api('PUT', '/templates', { templateIds: [added.id], enabled: true })).toMatchObject({ status: 201, body: { message: 'Successfully updated templates' } });
		expect(added.enabled).toBe(true);
		expect((await api('PUT', '/templates', { templateIds: [], enabled: 'yes' })).body.errors).toHaveLength(2);

		const deleted = await api('DELETE', `/templates/${added.id}`);
		expect(deleted.status).toBe(202);
		expect(deleted.body).toBeUndefined();
		expect((await api('DELETE', `/templates/${added.id}`)).status).toBe(404);

		expect(await api('POST', '/whatsapp/templates/refresh')).toMatchObject({ status: 202, body: { message: 'Templates have synced' } });
	});
});
