/**
 * The trigger and the Channel360 node against the sandbox's realism switches: customers without
 * a phone number, deliveries out of order, dropped or retried, agent messages from the inbox,
 * and opt keywords as Channel360 really applies them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { apiClient } from '../sandbox/helpers';
import { runNode, sandboxCredentials, type TriggerHarness, type WebhookCall } from '../support/engine';
import { DAY, HOUR, useTriggerFixture } from '../support/triggerFixture';
import { choiceOf, mapperValue, WELCOME_BACK } from './nodeTestKit';

const PHONE = '+27821234567';
const MINUTE = 60_000;

const itemsOf = (calls: WebhookCall[]) => calls.flatMap((call) => call.items.map((item) => item.json as Record<string, any>));

describe('the nodes against the sandbox\'s realism switches', () => {
	const fixture = useTriggerFixture({ historyRequiresNotification: false, deliveryDelayMs: 1 });
	const org = () => fixture.sandbox.defaultOrg.orgId;
	const run = (parameters: Record<string, unknown>, items: Array<Record<string, unknown>>) =>
		runNode({ parameters: parameters as never, items: items as never, credentials: sandboxCredentials(fixture.sandbox) });
	const reply = (extra: Record<string, unknown> = {}) => ({ resource: 'message', operation: 'reply', messageType: 'text', text: 'Your order is ready', ...extra });

	async function customerWrites(harness: TriggerHarness, input: Record<string, unknown>) {
		const before = harness.calls.length;
		const result = await fixture.sandbox.simulateInboundMessage(org(), { name: 'Thandi', ...input } as never);
		await harness.waitForCalls(before + 1);
		return result;
	}

	describe('a customer who hides their number (WhatsApp username)', () => {
		it('reaches the workflow without a phone, with their business-scoped id, and gets a window-aware reply by App User ID', async () => {
			fixture.sandbox.setRealism({ phonelessCustomers: true });
			const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
			const { appUserId } = await customerWrites(harness, { phone: PHONE, text: 'Is my order ready?' });

			const [item] = itemsOf(harness.calls);
			expect(item).toMatchObject({ appUserId, phone: null, businessScopedUserId: expect.stringMatching(/^ZA\.\d{20}$/), username: 'customer_4567' });
			expect(item.window).toMatchObject({ open: true });

			const { outputs, error } = await run(reply(), [item]);
			expect(error).toBeUndefined();
			expect(outputs[0][0].json).toMatchObject({ outcome: 'sent', appUserId, window: { open: true, source: 'item' } });
			expect(fixture.sandbox.sentMessages(org())).toEqual([expect.objectContaining({ appUserId, text: 'Your order is ready', windowOpen: true })]);
		});

		it('says the fallback template needs a phone number this customer does not give', async () => {
			fixture.sandbox.addTemplate(org(), WELCOME_BACK);
			const { appUserId } = await fixture.sandbox.simulateInboundMessage(org(), {
				businessScopedUserId: 'ZA.13491208655302741918',
				username: 'thandi.m',
				text: 'Hi',
				at: fixture.sandbox.clock.now() - 30 * HOUR,
			});
			const item = { appUserId, phone: null, businessScopedUserId: 'ZA.13491208655302741918', username: 'thandi.m', window: { open: false, expiresAt: new Date(Date.now() - 6 * HOUR).toISOString() } };
			const fallback = reply({ windowClosedAction: 'sendTemplate', template: choiceOf(WELCOME_BACK), templateVariables: mapperValue({ body_first_name: 'Thandi' }), optInSource: 'none' });

			const { error } = await run(fallback, [item]);
			expect(error?.message).toMatch(/no phone number/);
			expect(error?.message).toContain('thandi.m');
			expect(fixture.sandbox.notifications(org())).toHaveLength(0);
		});
	});

	it('gives concurrent out-of-order deliveries the window of the newer message', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'], options: { useHistory: false } });
		fixture.sandbox.setDeliveryMode({ concurrent: true, reverseOrder: true, delayMs: 50 });
		const newer = Date.now() - HOUR;
		await Promise.all([
			fixture.sandbox.simulateInboundMessage(org(), { phone: PHONE, text: 'first', at: newer - 2 * HOUR }),
			fixture.sandbox.simulateInboundMessage(org(), { phone: PHONE, text: 'second', at: newer }),
		]);
		const items = itemsOf(await harness.waitForCalls(2));
		expect(items.map((item) => item.text).sort()).toEqual(['first', 'second']);
		for (const item of items) {
			expect(item.window.open).toBe(true);
			expect(Math.abs(Date.parse(item.window.openedAt) - newer)).toBeLessThan(1000);
			expect(Date.parse(item.window.expiresAt) - Date.parse(item.window.openedAt)).toBe(DAY);
		}
	});

	it('is not thrown by a dropped delivery: the next one runs, with the window of what it saw', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		fixture.sandbox.setDeliveryMode({ dropNext: 1 });
		await fixture.sandbox.simulateInboundMessage(org(), { phone: PHONE, text: 'never arrives', at: Date.now() - 2 * HOUR });
		expect(harness.calls).toHaveLength(0);
		expect(fixture.sandbox.deliveries().map((delivery) => delivery.status)).toEqual(['dropped']);

		const nextAt = Date.now() - MINUTE;
		await customerWrites(harness, { phone: PHONE, text: 'Hello?', at: nextAt });
		const [item] = itemsOf(harness.calls);
		expect(harness.calls[0].status).toBe(200);
		expect(item).toMatchObject({ text: 'Hello?', phone: PHONE, window: { open: true } });
		expect(Math.abs(Date.parse(item.window.openedAt) - nextAt)).toBeLessThan(1000);
	});

	describe('with the documented retry policy', () => {
		let proxy: Server | undefined;
		afterEach(async () => {
			await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
			proxy?.closeAllConnections();
			proxy = undefined;
		});

		/** A reverse proxy in front of n8n that passes requests on but loses the first answer (502). */
		async function lossyProxy(to: string): Promise<string> {
			let answered = 0;
			proxy = createServer((req, res) => {
				const chunks: Buffer[] = [];
				req.on('data', (chunk: Buffer) => chunks.push(chunk));
				req.on('end', async () => {
					const upstream = await fetch(`${to}${req.url}`, { method: req.method, headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) });
					const text = await upstream.text();
					answered += 1;
					res.writeHead(answered === 1 ? 502 : upstream.status, { 'content-type': 'application/json' });
					res.end(answered === 1 ? '{"message":"Bad Gateway"}' : text);
				});
			});
			await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
			return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
		}

		it('runs a message once when Channel360 redelivers it because the first answer was lost', async () => {
			fixture.sandbox.setRealism({ retryPolicy: 'documented' });
			const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
			const [webhook] = fixture.sandbox.webhooks(org());
			const direct = new URL(webhook.target);
			webhook.target = `${await lossyProxy(direct.origin)}${direct.pathname}${direct.search}`;

			await customerWrites(harness, { phone: PHONE, text: 'Is my order ready?' });
			expect(fixture.sandbox.deliveries().map((delivery) => delivery.status)).toEqual([502]);
			fixture.sandbox.clock.advance(MINUTE);
			await harness.waitForCalls(2);
			await fixture.sandbox.waitFor(() => fixture.sandbox.deliveries().length === 2);

			expect(fixture.sandbox.deliveries().map((delivery) => [delivery.attempt, delivery.status])).toEqual([[1, 502], [2, 200]]);
			expect(harness.calls.map((call) => call.items.length)).toEqual([1, 0]);
		});
	});

	it('passes an agent\'s inbox message as a business message, while API echoes stay filtered', async () => {
		const customerOnly = await fixture.activeTrigger({ events: ['message:appUser'] });
		const both = await fixture.activeTrigger({ events: ['message:appUser', 'message:appMaker'] });
		const { appUserId } = await fixture.sandbox.simulateInboundMessage(org(), { phone: PHONE, text: 'Can I talk to a person?' });
		await Promise.all([customerOnly.waitForCalls(1), both.waitForCalls(1)]);

		expect((await apiClient(fixture.sandbox)('POST', `/whatsapp/appuser/${appUserId}/reply`, { text: 'Let me find someone' })).status).toBe(201);
		await Promise.all([customerOnly.waitForCalls(2), both.waitForCalls(2)]);
		await fixture.sandbox.simulateAgentMessage(org(), { appUserId, text: 'Hi, Sipho here', agentName: 'Sipho' });
		await Promise.all([customerOnly.waitForCalls(3), both.waitForCalls(3)]);

		expect(itemsOf(customerOnly.calls).map((item) => item.text)).toEqual(['Can I talk to a person?']);
		const items = itemsOf(both.calls);
		expect(items.map((item) => item.text)).toEqual(['Can I talk to a person?', 'Hi, Sipho here']);
		expect(items[1]).toMatchObject({ event: 'message:appMaker', appUserId, sourceType: 'web' });
		// An agent's message does not move the customer's window.
		expect(items[1].window.openedAt).toBe(items[0].window.openedAt);
	});

	describe('opt keywords after a template', () => {
		const notify = { resource: 'notification', operation: 'send', phone: '={{ $json.phone }}', template: choiceOf(WELCOME_BACK), templateVariables: mapperValue({ body_first_name: 'Thandi' }), optInSource: 'channel360' };

		async function templateDelivered(): Promise<Record<string, any>> {
			const { outputs, error } = await run(notify, [{ phone: PHONE }]);
			expect(error).toBeUndefined();
			const result = outputs[0][0].json as Record<string, any>;
			if (result.outcome === 'sentTemplate' || result.outcome === 'sent') {
				await fixture.sandbox.waitFor(() => fixture.sandbox.notifications(org()).every((n) => n.status === 'DELIVERED'));
			}
			return result;
		}

		it('STOP opts the customer out, so the next template is skipped; "please stop" does not', async () => {
			fixture.sandbox.addTemplate(org(), WELCOME_BACK);
			fixture.sandbox.addSubscriber(org(), { mobileNumber: PHONE, firstName: 'Thandi', optInStatus: true });
			expect((await templateDelivered()).notificationId).toEqual(expect.any(String));

			await fixture.sandbox.simulateInboundMessage(org(), { phone: PHONE, text: 'please stop' });
			expect((await templateDelivered()).notificationId).toEqual(expect.any(String));

			await fixture.sandbox.simulateInboundMessage(org(), { phone: PHONE, text: 'STOP' });
			expect(fixture.sandbox.sentMessages(org())).toEqual([
				expect.objectContaining({ origin: 'opt confirmation', text: 'You have successfully opted out of our marketing list.' }),
			]);
			const skipped = await templateDelivered();
			expect(skipped).toMatchObject({ outcome: 'skipped', notificationId: null, reason: expect.stringMatching(/opted out/) });
			expect(fixture.sandbox.notifications(org())).toHaveLength(2);
		});
	});
});
