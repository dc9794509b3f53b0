/** The sandbox on the real service's bad days: each realism switch, and the real service's parsing rules. */
import { control, notificationBody, useSandboxWithReceiver } from './helpers';

const MINUTE = 60_000;
const PHONE = '+27821234567';

describe('sandbox realism', () => {
	const env = useSandboxWithReceiver();

	const subscribe = (triggers: string[]) => env.api('POST', '/webhooks', { target: `${env.receiver.url}/hook`, triggers });
	const bodies = (trigger: string) => env.receiver.received.filter((request) => request.body.trigger === trigger).map((request) => request.body);

	describe('the real service\'s request parsing', () => {
		it('takes the token from the second word of Authorization, whatever the first', async () => {
			const call = (authorization: string) =>
				fetch(`${env.sandbox.url}/v1.1/org/${env.org}/webhooks`, { headers: { authorization } }).then((response) => response.status);
			expect(await call(`Token ${env.sandbox.defaultOrg.token}`)).toBe(200);
			expect(await call(`bearer ${env.sandbox.defaultOrg.token}`)).toBe(200);
			// Two spaces: the second word is empty.
			expect(await call(`Bearer  ${env.sandbox.defaultOrg.token}`)).toBe(401);
			expect(await call(env.sandbox.defaultOrg.token)).toBe(401);
		});

		it('answers 400 request entity too large for a body over 100 kB', async () => {
			const response = await env.api('POST', '/subscribers', undefined, { rawBody: JSON.stringify({ mobileNumber: PHONE, firstName: 'x'.repeat(101 * 1024) }) });
			expect(response).toMatchObject({ status: 400, body: { errors: [{ message: 'request entity too large' }] } });
		});
	});

	describe('phone-less customers (WhatsApp usernames)', () => {
		it('delivers their messages with a business-scoped user id and username, and no number anywhere', async () => {
			await subscribe(['message:appUser']);
			env.sandbox.setRealism({ phonelessCustomers: true });
			const { appUserId } = await env.sandbox.simulateInboundMessage(env.org, { phone: PHONE, name: 'Thandi', text: 'Hi' });

			const [body] = bodies('message:appUser');
			expect(JSON.stringify(body)).not.toContain('821234567');
			expect(body.client).toMatchObject({
				platform: 'whatsapp',
				externalId: expect.stringMatching(/^ZA\.\d{20}$/),
				raw: { user_id: body.client.externalId, profile: { name: 'Thandi', username: 'customer_4567' } },
			});
			expect(body.client.raw.from).toBeUndefined();
			expect(env.sandbox.appUsers(env.org)).toEqual([
				expect.objectContaining({ appUserId, businessScopedUserId: body.client.externalId, username: 'customer_4567' }),
			]);
			expect(env.sandbox.appUsers(env.org)[0].phone).toBeUndefined();

			// The same "phone" on the control page is the same customer.
			const again = await env.sandbox.simulateInboundMessage(env.org, { phone: PHONE, text: 'Hello again' });
			expect(again.appUserId).toBe(appUserId);
		});

		it('can be answered by App User ID inside the window, and is not found by phone', async () => {
			const { appUserId } = await env.sandbox.simulateInboundMessage(env.org, { businessScopedUserId: 'ZA.13491208655302741918', username: 'thandi.m', text: 'Hi' });
			const reply = await env.api('POST', `/whatsapp/appuser/${appUserId}/reply`, { text: 'Hello Thandi' });
			expect(reply.status).toBe(201);
			expect(env.sandbox.sentMessages(env.org)).toEqual([expect.objectContaining({ appUserId, text: 'Hello Thandi', windowOpen: true })]);
			expect(env.sandbox.sentMessages(env.org)[0].phone).toBeUndefined();
			const history = await env.api('GET', `/whatsapp/subscriber/${encodeURIComponent(PHONE)}/conversation/history`);
			expect(history.status).toBe(400);
		});

		it('is off by default, and switched on the control API', async () => {
			expect(env.sandbox.realism).toEqual({ phonelessCustomers: false, retryPolicy: 'none', repeatStatusEvents: false });
			expect((await control(env.sandbox, 'POST', '/realism', { phonelessCustomers: true })).body).toMatchObject({ phonelessCustomers: true });
			expect((await control(env.sandbox, 'GET', '/state')).body.settings.realism.phonelessCustomers).toBe(true);
			expect(await control(env.sandbox, 'POST', '/realism', { phoneless: true })).toMatchObject({ status: 400, body: { error: expect.stringContaining('unknown realism switch phoneless') } });
		});
	});

	describe('delivery retries', () => {
		it('tries once with no retry policy, like the 2024 source', async () => {
			await subscribe(['message:appUser']);
			env.receiver.answer(500);
			await env.sandbox.simulateInboundMessage(env.org, { phone: PHONE, text: 'Hi' });
			env.sandbox.clock.advance(20 * MINUTE);
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(env.sandbox.deliveries().map((delivery) => delivery.status)).toEqual([500]);
		});

		it('retries a failed delivery on the virtual clock under the documented policy, up to 5 tries over 15 minutes', async () => {
			await subscribe(['message:appUser']);
			env.sandbox.setRealism({ retryPolicy: 'documented' });
			env.receiver.answer(503);
			await env.sandbox.simulateInboundMessage(env.org, { phone: PHONE, text: 'Hi' });
			expect(env.sandbox.deliveries().map((delivery) => delivery.attempt)).toEqual([1]);

			env.sandbox.clock.advance(MINUTE);
			await env.sandbox.waitFor(() => env.sandbox.deliveries().length === 2);
			env.sandbox.clock.advance(2 * MINUTE);
			await env.sandbox.waitFor(() => env.sandbox.deliveries().length === 3);
			env.sandbox.clock.advance(4 * MINUTE);
			await env.sandbox.waitFor(() => env.sandbox.deliveries().length === 4);
			env.sandbox.clock.advance(8 * MINUTE);
			await env.sandbox.waitFor(() => env.sandbox.deliveries().length === 5);
			env.sandbox.clock.advance(60 * MINUTE);
			await new Promise((resolve) => setTimeout(resolve, 50));

			const deliveries = env.sandbox.deliveries();
			expect(deliveries.map((delivery) => [delivery.attempt, delivery.status])).toEqual([[1, 503], [2, 503], [3, 503], [4, 503], [5, 503]]);
			expect(deliveries[4].at - deliveries[0].at).toBeGreaterThanOrEqual(15 * MINUTE);
			expect(deliveries[4].at - deliveries[0].at).toBeLessThan(16 * MINUTE);
			expect(new Set(deliveries.map((delivery) => JSON.stringify(delivery.payload))).size).toBe(1);
		});

		it('stops retrying once the receiver answers 2xx', async () => {
			await subscribe(['message:appUser']);
			env.sandbox.setRealism({ retryPolicy: 'documented' });
			env.receiver.answer(502);
			await env.sandbox.simulateInboundMessage(env.org, { phone: PHONE, text: 'Hi' });
			env.receiver.answer(200);
			env.sandbox.clock.advance(MINUTE);
			await env.sandbox.waitFor(() => env.sandbox.deliveries().length === 2);
			env.sandbox.clock.advance(30 * MINUTE);
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(env.sandbox.deliveries().map((delivery) => delivery.status)).toEqual([502, 200]);
			expect((await control(env.sandbox, 'GET', '/state')).body.retriesPending).toEqual([]);
		});
	});

	describe('dropped, concurrent and repeated deliveries', () => {
		it('drops the next events without sending them, then delivers as usual', async () => {
			await subscribe(['message:appUser']);
			env.sandbox.setDeliveryMode({ dropNext: 1 });
			await env.sandbox.simulateInboundMessage(env.org, { phone: PHONE, text: 'lost' });
			await env.sandbox.simulateInboundMessage(env.org, { phone: PHONE, text: 'arrives' });
			expect(env.receiver.received.map((request) => request.body.messages[0].text)).toEqual(['arrives']);
			expect(env.sandbox.deliveries().map((delivery) => delivery.status)).toEqual(['dropped', 200]);
		});

		it('sends every event of a batch at once in concurrent mode', async () => {
			await subscribe(['message:appUser']);
			env.sandbox.setDeliveryMode({ concurrent: true, delayMs: 20 });
			await Promise.all(['one', 'two', 'three'].map((text) => env.sandbox.simulateInboundMessage(env.org, { phone: PHONE, text })));
			expect(env.receiver.received.map((request) => request.body.messages[0].text).sort()).toEqual(['one', 'three', 'two']);
		});

		it('delivers each notification status event twice with repeatStatusEvents', async () => {
			await subscribe(['notification:delivery:channel', 'notification:delivery:user']);
			env.sandbox.setRealism({ repeatStatusEvents: true });
			env.sandbox.addTemplate(env.org, { name: 'order_update', language: 'en_US', components: [{ type: 'BODY', text: 'Ready.' }] });
			await env.api('POST', '/notification', notificationBody('order_update', PHONE));
			await env.sandbox.waitFor(() => env.receiver.received.length === 4);
			expect(bodies('notification:delivery:channel')).toHaveLength(2);
			expect(bodies('notification:delivery:user')).toHaveLength(2);
			expect(bodies('notification:delivery:user')[1]).toEqual(bodies('notification:delivery:user')[0]);
		});
	});

	describe('a human agent in the Channel360 inbox', () => {
		it('writes a message:appMaker that is neither an API send nor a template', async () => {
			await subscribe(['message:appMaker']);
			const { appUserId } = await env.sandbox.simulateInboundMessage(env.org, { phone: PHONE, text: 'I need a person' });
			const agent = await control(env.sandbox, 'POST', '/agent', { appUserId, text: 'Hi, Sipho here', agentName: 'Sipho' });
			expect(agent.status).toBe(200);
			expect(bodies('message:appMaker')).toEqual([
				expect.objectContaining({
					appUser: expect.objectContaining({ _id: appUserId }),
					messages: [expect.objectContaining({ _id: agent.body.messageId, role: 'appMaker', text: 'Hi, Sipho here', name: 'Sipho', source: { type: 'web' } })],
				}),
			]);
			expect(env.sandbox.sentMessages(env.org)).toEqual([expect.objectContaining({ origin: 'agent', text: 'Hi, Sipho here' })]);
			await expect(env.sandbox.simulateAgentMessage(env.org, { appUserId, text: 'x', sourceType: 'api' })).rejects.toThrow(/not an agent/);
		});
	});
});
