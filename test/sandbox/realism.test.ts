/** The sandbox on the real service's bad days: each realism switch, and the real service's parsing rules. */
import { startSandbox, type Sandbox } from '../../sandbox';
import { apiClient, control, notificationBody, startReceiver, type Receiver } from './helpers';

const MINUTE = 60_000;
const PHONE = '+27821234567';

describe('sandbox realism', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;
	let api: ReturnType<typeof apiClient>;
	let org: string;

	beforeAll(async () => {
		sandbox = await startSandbox({ deliveryDelayMs: 5 });
		api = apiClient(sandbox);
		org = sandbox.defaultOrg.orgId;
	});
	beforeEach(async () => {
		receiver = await startReceiver();
	});
	afterEach(async () => {
		sandbox.reset();
		await receiver.close();
	});
	afterAll(() => sandbox.stop());

	const subscribe = (triggers: string[]) => api('POST', '/webhooks', { target: `${receiver.url}/hook`, triggers });
	const bodies = (trigger: string) => receiver.received.filter((request) => request.body.trigger === trigger).map((request) => request.body);

	describe('the real service\'s request parsing', () => {
		it('takes the token from the second word of Authorization, whatever the first', async () => {
			const call = (authorization: string) =>
				fetch(`${sandbox.url}/v1.1/org/${org}/webhooks`, { headers: { authorization } }).then((response) => response.status);
			expect(await call(`Token ${sandbox.defaultOrg.token}`)).toBe(200);
			expect(await call(`bearer ${sandbox.defaultOrg.token}`)).toBe(200);
			// Two spaces: the second word is empty.
			expect(await call(`Bearer  ${sandbox.defaultOrg.token}`)).toBe(401);
			expect(await call(sandbox.defaultOrg.token)).toBe(401);
		});

		it('answers 400 request entity too large for a body over 100 kB', async () => {
			const response = await api('POST', '/subscribers', undefined, { rawBody: JSON.stringify({ mobileNumber: PHONE, firstName: 'x'.repeat(101 * 1024) }) });
			expect(response).toMatchObject({ status: 400, body: { errors: [{ message: 'request entity too large' }] } });
		});
	});

	describe('phone-less customers (WhatsApp usernames)', () => {
		it('delivers their messages with a business-scoped user id and username, and no number anywhere', async () => {
			await subscribe(['message:appUser']);
			sandbox.setRealism({ phonelessCustomers: true });
			const { appUserId } = await sandbox.simulateInboundMessage(org, { phone: PHONE, name: 'Thandi', text: 'Hi' });

			const [body] = bodies('message:appUser');
			expect(JSON.stringify(body)).not.toContain('821234567');
			expect(body.client).toMatchObject({
				platform: 'whatsapp',
				externalId: expect.stringMatching(/^ZA\.\d{20}$/),
				raw: { user_id: body.client.externalId, profile: { name: 'Thandi', username: 'customer_4567' } },
			});
			expect(body.client.raw.from).toBeUndefined();
			expect(sandbox.appUsers(org)).toEqual([
				expect.objectContaining({ appUserId, businessScopedUserId: body.client.externalId, username: 'customer_4567' }),
			]);
			expect(sandbox.appUsers(org)[0].phone).toBeUndefined();

			// The same "phone" on the control page is the same customer.
			const again = await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'Hello again' });
			expect(again.appUserId).toBe(appUserId);
		});

		it('can be answered by App User ID inside the window, and is not found by phone', async () => {
			const { appUserId } = await sandbox.simulateInboundMessage(org, { businessScopedUserId: 'ZA.13491208655302741918', username: 'thandi.m', text: 'Hi' });
			const reply = await api('POST', `/whatsapp/appuser/${appUserId}/reply`, { text: 'Hello Thandi' });
			expect(reply.status).toBe(201);
			expect(sandbox.sentMessages(org)).toEqual([expect.objectContaining({ appUserId, text: 'Hello Thandi', windowOpen: true })]);
			expect(sandbox.sentMessages(org)[0].phone).toBeUndefined();
			const history = await api('GET', `/whatsapp/subscriber/${encodeURIComponent(PHONE)}/conversation/history`);
			expect(history.status).toBe(400);
		});

		it('is off by default, and switched on the control API', async () => {
			expect(sandbox.realism).toEqual({ phonelessCustomers: false, retryPolicy: 'none', repeatStatusEvents: false });
			expect((await control(sandbox, 'POST', '/realism', { phonelessCustomers: true })).body).toMatchObject({ phonelessCustomers: true });
			expect((await control(sandbox, 'GET', '/state')).body.settings.realism.phonelessCustomers).toBe(true);
			expect(await control(sandbox, 'POST', '/realism', { phoneless: true })).toMatchObject({ status: 400, body: { error: expect.stringContaining('unknown realism switch phoneless') } });
		});
	});

	describe('delivery retries', () => {
		it('tries once with no retry policy, like the 2024 source', async () => {
			await subscribe(['message:appUser']);
			receiver.answer(500);
			await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'Hi' });
			sandbox.clock.advance(20 * MINUTE);
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(sandbox.deliveries().map((delivery) => delivery.status)).toEqual([500]);
		});

		it('retries a failed delivery on the virtual clock under the documented policy, up to 5 tries over 15 minutes', async () => {
			await subscribe(['message:appUser']);
			sandbox.setRealism({ retryPolicy: 'documented' });
			receiver.answer(503);
			await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'Hi' });
			expect(sandbox.deliveries().map((delivery) => delivery.attempt)).toEqual([1]);

			sandbox.clock.advance(MINUTE);
			await sandbox.waitFor(() => sandbox.deliveries().length === 2);
			sandbox.clock.advance(2 * MINUTE);
			await sandbox.waitFor(() => sandbox.deliveries().length === 3);
			sandbox.clock.advance(4 * MINUTE);
			await sandbox.waitFor(() => sandbox.deliveries().length === 4);
			sandbox.clock.advance(8 * MINUTE);
			await sandbox.waitFor(() => sandbox.deliveries().length === 5);
			sandbox.clock.advance(60 * MINUTE);
			await new Promise((resolve) => setTimeout(resolve, 50));

			const deliveries = sandbox.deliveries();
			expect(deliveries.map((delivery) => [delivery.attempt, delivery.status])).toEqual([[1, 503], [2, 503], [3, 503], [4, 503], [5, 503]]);
			expect(deliveries[4].at - deliveries[0].at).toBeGreaterThanOrEqual(15 * MINUTE);
			expect(deliveries[4].at - deliveries[0].at).toBeLessThan(16 * MINUTE);
			expect(new Set(deliveries.map((delivery) => JSON.stringify(delivery.payload))).size).toBe(1);
		});

		it('stops retrying once the receiver answers 2xx', async () => {
			await subscribe(['message:appUser']);
			sandbox.setRealism({ retryPolicy: 'documented' });
			receiver.answer(502);
			await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'Hi' });
			receiver.answer(200);
			sandbox.clock.advance(MINUTE);
			await sandbox.waitFor(() => sandbox.deliveries().length === 2);
			sandbox.clock.advance(30 * MINUTE);
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(sandbox.deliveries().map((delivery) => delivery.status)).toEqual([502, 200]);
			expect((await control(sandbox, 'GET', '/state')).body.retriesPending).toEqual([]);
		});
	});

	describe('dropped, concurrent and repeated deliveries', () => {
		it('drops the next events without sending them, then delivers as usual', async () => {
			await subscribe(['message:appUser']);
			sandbox.setDeliveryMode({ dropNext: 1 });
			await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'lost' });
			await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'arrives' });
			expect(receiver.received.map((request) => request.body.messages[0].text)).toEqual(['arrives']);
			expect(sandbox.deliveries().map((delivery) => delivery.status)).toEqual(['dropped', 200]);
		});

		it('sends every event of a batch at once in concurrent mode', async () => {
			await subscribe(['message:appUser']);
			sandbox.setDeliveryMode({ concurrent: true, delayMs: 20 });
			await Promise.all(['one', 'two', 'three'].map((text) => sandbox.simulateInboundMessage(org, { phone: PHONE, text })));
			expect(receiver.received.map((request) => request.body.messages[0].text).sort()).toEqual(['one', 'three', 'two']);
		});

		it('delivers each notification status event twice with repeatStatusEvents', async () => {
			await subscribe(['notification:delivery:channel', 'notification:delivery:user']);
			sandbox.setRealism({ repeatStatusEvents: true });
			sandbox.addTemplate(org, { name: 'order_update', language: 'en_US', components: [{ type: 'BODY', text: 'Ready.' }] });
			await api('POST', '/notification', notificationBody('order_update', PHONE));
			await sandbox.waitFor(() => receiver.received.length === 4);
			expect(bodies('notification:delivery:channel')).toHaveLength(2);
			expect(bodies('notification:delivery:user')).toHaveLength(2);
			expect(bodies('notification:delivery:user')[1]).toEqual(bodies('notification:delivery:user')[0]);
		});
	});

	describe('a human agent in the Channel360 inbox', () => {
		it('writes a message:appMaker that is neither an API send nor a template', async () => {
			await subscribe(['message:appMaker']);
			const { appUserId } = await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'I need a person' });
			const agent = await control(sandbox, 'POST', '/agent', { appUserId, text: 'Hi, Sipho here', agentName: 'Sipho' });
			expect(agent.status).toBe(200);
			expect(bodies('message:appMaker')).toEqual([
				expect.objectContaining({
					appUser: expect.objectContaining({ _id: appUserId }),
					messages: [expect.objectContaining({ _id: agent.body.messageId, role: 'appMaker', text: 'Hi, Sipho here', name: 'Sipho', source: { type: 'web' } })],
				}),
			]);
			expect(sandbox.sentMessages(org)).toEqual([expect.objectContaining({ origin: 'agent', text: 'Hi, Sipho here' })]);
			await expect(sandbox.simulateAgentMessage(org, { appUserId, text: 'x', sourceType: 'api' })).rejects.toThrow(/not an agent/);
		});
	});
});
