import { startSandbox, type Sandbox } from '../../sandbox';
import { apiClient, control, HOUR, notificationBody, startReceiver } from './helpers';

describe('sandbox HTTP control interface', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ deliveryDelayMs: 5 });
	});
	afterEach(() => sandbox.reset());
	afterAll(() => sandbox.stop());

	it('serves the state with the default org and a tiny HTML page', async () => {
		const state = await control(sandbox, 'GET', '/state');
		expect(state.status).toBe(200);
		expect(state.body).toMatchObject({ url: sandbox.url, defaultOrg: sandbox.defaultOrg, counts: { webhooks: 0 } });
		const page = await control(sandbox, 'GET', '/');
		expect(page.headers.get('content-type')).toMatch(/text\/html/);
		expect(page.body).toContain('/__sandbox/inbound');
	});

	it('lists what the business sent on the page itself, newest first, with the realism switches as set', async () => {
		expect((await control(sandbox, 'GET', '/')).body).toContain('Nothing sent yet.');
		const { appUserId } = await sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, { phone: '+27821234567', text: 'Hi' });
		const api = apiClient(sandbox);
		await api('POST', `/whatsapp/appuser/${appUserId}/reply`, { text: 'First <b>answer</b>' });
		await api('POST', `/whatsapp/appuser/${appUserId}/reply`, { text: 'Second answer' });
		sandbox.setRealism({ retryPolicy: 'documented' });

		const page = (await control(sandbox, 'GET', '/')).body as string;
		expect(page).not.toContain('Nothing sent yet.');
		expect(page).toContain('First &lt;b&gt;answer&lt;/b&gt;');
		expect(page.indexOf('Second answer')).toBeLessThan(page.indexOf('First &lt;b&gt;'));
		expect(page).toContain('<option value="documented" selected>');
		expect((await control(sandbox, 'GET', '/sent-rows')).body).toContain('+27821234567');
	});

	it('simulates inbound messages that reach registered webhooks', async () => {
		const receiver = await startReceiver();
		try {
			await apiClient(sandbox)('POST', '/webhooks', { target: `${receiver.url}/in`, triggers: ['message:appUser'] });
			const inbound = await control(sandbox, 'POST', '/inbound', { phone: '+27821234567', name: 'Thandi', text: 'Hi' });
			expect(inbound.status).toBe(200);
			expect(inbound.body).toEqual({ appUserId: expect.any(String), messageId: expect.any(String), conversationId: expect.any(String) });
			expect(receiver.received).toHaveLength(1);
			expect((await control(sandbox, 'GET', '/deliveries')).body).toHaveLength(1);
			expect((await control(sandbox, 'GET', '/webhooks')).body).toHaveLength(1);
			expect((await control(sandbox, 'POST', '/inbound', { text: 'no phone' })).status).toBe(400);
		} finally {
			await receiver.close();
		}
	});

	it('moves the clock, injects faults, sets the rate limit and the delivery mode', async () => {
		const before = sandbox.clock.now();
		await control(sandbox, 'POST', '/clock/advance', { hours: 25 });
		expect(sandbox.clock.now() - before).toBeGreaterThanOrEqual(25 * HOUR);
		const set = await control(sandbox, 'POST', '/clock/set', { at: '2026-01-01T00:00:00.000Z' });
		expect(set.body.now).toBeGreaterThanOrEqual(Date.parse('2026-01-01T00:00:00.000Z'));

		await control(sandbox, 'POST', '/faults', { pathPattern: 'webhooks$', status: 500, times: 'Infinity' });
		expect((await apiClient(sandbox)('GET', '/webhooks')).status).toBe(500);
		await control(sandbox, 'DELETE', '/faults');
		expect((await apiClient(sandbox)('GET', '/webhooks')).status).toBe(200);

		expect((await control(sandbox, 'POST', '/rate-limit', { perSecond: 5 })).body).toEqual({ perSecond: 5 });
		expect((await control(sandbox, 'POST', '/delivery-mode', { duplicate: true })).body).toMatchObject({ duplicate: true, reverseOrder: false });
	});

	it('adds templates and subscribers, exposes sent messages and notifications, resets', async () => {
		expect((await control(sandbox, 'POST', '/templates', { name: 'order_update', language: 'en_US', components: [] })).status).toBe(201);
		expect((await control(sandbox, 'POST', '/subscribers', { mobileNumber: '+27821234567', optInStatus: false })).body).toMatchObject({ optInStatus: false });
		const api = apiClient(sandbox);
		const sent = await api('POST', '/notification', notificationBody('order_update'));
		const id = sent.body.notification._id;
		await sandbox.waitFor(() => sandbox.notifications()[0]?.status === 'DELIVERED');
		expect((await control(sandbox, 'GET', `/notifications/${id}`)).body).toMatchObject({ id, status: 'DELIVERED' });
		expect((await control(sandbox, 'GET', '/notifications/0123456789abcdef01234567')).status).toBe(404);
		expect((await control(sandbox, 'GET', '/notifications')).body).toHaveLength(1);

		await control(sandbox, 'POST', '/inbound', { phone: '+27821234567', text: 'hi' });
		await api('POST', `/whatsapp/appuser/${sandbox.appUsers()[0].appUserId}/reply`, { text: 'hello' });
		expect((await control(sandbox, 'GET', '/sent')).body).toEqual([expect.objectContaining({ text: 'hello', windowOpen: true })]);
		await control(sandbox, 'POST', '/read', { phone: '+27821234567' });
		expect(sandbox.notifications()[0].status).toBe('READ');

		expect((await control(sandbox, 'POST', '/reset')).status).toBe(200);
		expect((await control(sandbox, 'GET', '/state')).body.counts).toMatchObject({ templates: 0, subscribers: 0, notifications: 0, sentMessages: 0 });
		expect((await control(sandbox, 'GET', '/nowhere')).status).toBe(404);
	});
});
