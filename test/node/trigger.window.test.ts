/**
 * The window state on the trigger's items, from real sandbox deliveries: after silence, after an
 * n8n restart, from Channel360's conversation history, and with deliveries out of order.
 *
 * The trigger reads "now" from the machine clock, the sandbox stamps messages with its virtual
 * clock. Each test first sets the sandbox clock back, then moves it forward to about the real
 * time, so that no message is in the trigger's future.
 */
import { createServer } from 'node:net';

import { HISTORY_BUDGET_MS } from '../../nodes/Channel360/trigger/windowEnrichment';
import type { Sandbox } from '../../sandbox';
import { apiClient, notificationBody } from '../sandbox/helpers';
import { sandboxCredentials, type HarnessCredentials, type TriggerHarness } from '../support/engine';
import { recordN8nLogs } from '../support/n8nLogs';
import { DAY, HOUR, useTriggerFixture } from '../support/triggerFixture';

const PHONE = '+27829876543';
const BOTH_DIRECTIONS = ['message:appUser', 'message:appMaker'];

interface WindowJson {
	open: boolean;
	openedAt: string | null;
	expiresAt: string | null;
	initiatedBy: string | null;
	source: string;
	error?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A loopback URL on a port that was free a moment ago and is closed now: connections are refused. */
async function closedPortUrl(): Promise<string> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return `http://127.0.0.1:${port}`;
}

async function customerWrites(sandbox: Sandbox, text: string, at?: number) {
	return await sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, { phone: PHONE, text, at });
}

async function businessReplies(sandbox: Sandbox, appUserId: string, text: string) {
	const reply = await apiClient(sandbox)('POST', `/whatsapp/appuser/${appUserId}/reply`, { type: 'text', text });
	expect(reply.status).toBe(201);
}

/** The window of the latest item the trigger emitted, after `count` calls. */
async function latestWindow(harness: TriggerHarness, count: number): Promise<WindowJson> {
	const calls = await harness.waitForCalls(count);
	const items = calls.flatMap((call) => call.items);
	return items[items.length - 1].json.window as unknown as WindowJson;
}

describe('window state on trigger items', () => {
	const fixture = useTriggerFixture({ historyRequiresNotification: false });
	/** Sets the sandbox clock `ms` into the past (the test then advances it back). */
	const rewind = (ms: number) => fixture.sandbox.clock.set(Date.now() - ms);

	/** A trigger without history look-ups sees a customer write `ago` ms back (sandbox time). */
	async function customerWroteAgo(ago: number, text: string) {
		const harness = await fixture.activeTrigger({
			events: BOTH_DIRECTIONS,
			options: { includeApiEchoes: true, useHistory: false },
		});
		rewind(ago);
		// Stamped explicitly: the sandbox clock flows on, a millisecond may pass before the message is made.
		const customerAt = fixture.sandbox.clock.now();
		const { appUserId } = await customerWrites(fixture.sandbox, text, customerAt);
		await harness.waitForCalls(1);
		return { harness, customerAt, appUserId };
	}

	it('is closed for a business message after 25 hours of silence', async () => {
		const { harness, customerAt, appUserId } = await customerWroteAgo(25 * HOUR, 'Is the shop open on Sunday?');

		fixture.sandbox.clock.advance(25 * HOUR);
		await businessReplies(fixture.sandbox, appUserId, 'Sorry for the late answer');

		const window = await latestWindow(harness, 2);
		expect(harness.calls[1].items[0].json).toMatchObject({ event: 'message:appMaker', direction: 'outbound' });
		expect(window).toMatchObject({ open: false, secondsLeft: 0, openedAt: iso(customerAt) });
		expect(Date.parse(window.expiresAt!)).toBe(customerAt + DAY);
	});

	it('stays known after an n8n restart: memory gone, workflow static data kept', async () => {
		const { harness, customerAt, appUserId } = await customerWroteAgo(2 * HOUR, 'Please call me back');

		harness.restart();
		fixture.sandbox.clock.advance(2 * HOUR);
		await businessReplies(fixture.sandbox, appUserId, 'Calling you in 5 minutes');

		const window = await latestWindow(harness, 2);
		// Static data keeps whole seconds.
		expect(window).toMatchObject({ open: true, initiatedBy: 'customer', source: 'payload', openedAt: iso(customerAt) });
	});

	it('is known to every n8n webhook process (queue mode): it comes from the saved static data', async () => {
		const harness = await fixture.activeTrigger(
			{ events: BOTH_DIRECTIONS, options: { includeApiEchoes: true, useHistory: false } },
			{ webhookProcesses: 2 },
		);
		rewind(3 * HOUR);
		const customerAt = fixture.sandbox.clock.now();
		const { appUserId } = await customerWrites(fixture.sandbox, 'Where is my parcel?', customerAt);
		await harness.waitForCalls(1);

		fixture.sandbox.clock.advance(3 * HOUR);
		// The next delivery goes to the other process, which never saw the customer message.
		await businessReplies(fixture.sandbox, appUserId, 'It arrives tomorrow');
		const window = await latestWindow(harness, 2);
		expect(window).toMatchObject({ open: true, openedAt: iso(customerAt) });
	});

	describe('from Channel360 conversation history, for a customer the trigger never saw', () => {
		/** `credentials`: the trigger's own; `registered` runs once its webhook is registered. */
		async function templateStatusWindow(
			silenceMs: number,
			trigger: { credentials?: HarnessCredentials; registered?: () => void; waitMs?: number } = {},
		): Promise<{ window: WindowJson; customerAt: number }> {
			const { orgId } = fixture.sandbox.defaultOrg;
			fixture.sandbox.addTemplate(orgId, {
				name: 'order_update',
				language: 'en_US',
				status: 'APPROVED',
				components: [{ type: 'BODY', text: 'Your order is on its way' }],
			});
			rewind(silenceMs);
			const customerAt = fixture.sandbox.clock.now();
			await customerWrites(fixture.sandbox, 'Written before the workflow was active');
			const harness = await fixture.activeTrigger({ events: ['notification:delivery:user'] }, trigger.credentials && { credentials: trigger.credentials });
			trigger.registered?.();

			fixture.sandbox.clock.advance(silenceMs);
			const sent = await apiClient(fixture.sandbox)('POST', '/notification', notificationBody('order_update', PHONE));
			expect(sent.status).toBeLessThan(300);
			const [item] = await harness.waitForItems(1, trigger.waitMs);
			expect(item.json).toMatchObject({ event: 'notification:delivery:user', direction: 'status', phone: PHONE });
			return { window: item.json.window as unknown as WindowJson, customerAt };
		}

		it('is open within 24 hours of the customer message', async () => {
			const { window, customerAt } = await templateStatusWindow(HOUR);
			expect(window).toMatchObject({ open: true, source: 'history', initiatedBy: 'customer' });
			expect(Math.abs(Date.parse(window.openedAt!) - customerAt)).toBeLessThan(1000);
			expect(Date.parse(window.expiresAt!) - Date.parse(window.openedAt!)).toBe(DAY);
		});

		it('is closed after 25 hours of silence', async () => {
			const { window } = await templateStatusWindow(25 * HOUR);
			expect(window).toMatchObject({ open: false, source: 'history' });
		});

		describe('when the history request fails', () => {
			let logs: ReturnType<typeof recordN8nLogs>;
			beforeEach(() => (logs = recordN8nLogs()));
			afterEach(() => logs.restore());

			const historyAnswers = (status: number) =>
				fixture.sandbox.injectFault({ method: 'GET', path: /\/conversation\/history$/, status, times: Infinity });

			it.each([401, 403])('says on the item and in the log (warn) that a refused credential (%i) left the window unchecked', async (status) => {
				historyAnswers(status);
				const { window } = await templateStatusWindow(HOUR);
				expect(window.source).toBe('payload');
				expect(window.error).toMatch(new RegExp(`^The window could not be checked: Channel360 refused .*HTTP ${status}.*Check the API token`));
				expect(logs.at('warn')).toEqual([expect.stringContaining(window.error!)]);
			});

			it.each([500, 503])('degrades to the delivery on an outage (%i), with the reason on the item', async (status) => {
				historyAnswers(status);
				const { window } = await templateStatusWindow(HOUR);
				expect(window.source).toBe('payload');
				expect(window.error).toMatch(new RegExp(`^The window could not be checked against Channel360's conversation history \\(HTTP ${status}`));
				expect(logs.at('warn')).toEqual([]);
			});

			it('degrades the same way when Channel360 cannot be reached', async () => {
				const credentials = sandboxCredentials(fixture.sandbox);
				const unreachable = await closedPortUrl();
				// Registered with the sandbox; the history look-up then goes to a port nobody listens on.
				const { window } = await templateStatusWindow(HOUR, { credentials, registered: () => (credentials.baseUrl = unreachable) });
				expect(window).toMatchObject({ source: 'payload', error: expect.stringMatching(/could not be checked .*\(no answer: Could not reach Channel360/) });
				expect(logs.at('warn')).toEqual([]);
			});

			it(`gives up on a history request that does not answer within ${HISTORY_BUDGET_MS / 1000} s, with the reason on the item`, async () => {
				// Twice the budget: without one, the delivery would wait for it (or for the 60 s default).
				fixture.sandbox.injectFault({ method: 'GET', path: /\/conversation\/history$/, status: 0, latencyMs: 2 * HISTORY_BUDGET_MS, times: Infinity });
				const { window } = await templateStatusWindow(HOUR, { waitMs: HISTORY_BUDGET_MS + 3_000 });
				expect(window.source).toBe('payload');
				expect(window.error).toMatch(/^The window could not be checked against Channel360's conversation history \(no answer: Channel360 at \S+ did not answer in time\)/);
			}, 3 * HISTORY_BUDGET_MS);

			it.each([400, 404])('means "no history" only for %i: no error on the item, nothing logged above debug', async (status) => {
				historyAnswers(status);
				const { window } = await templateStatusWindow(HOUR);
				expect(window.source).toBe('payload');
				expect(window.error).toBeUndefined();
				expect([...logs.at('warn'), ...logs.at('info')]).toEqual([]);
			});
		});
	});

	it.each([
		['what the trigger remembers', { useHistory: false }],
		['conversation history', { useHistory: true }],
	])('gives both of two out-of-order deliveries the window of the newer message (%s)', async (_label, options) => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'], options });
		fixture.sandbox.setDeliveryMode({ reverseOrder: true, delayMs: 50 });
		const newer = Date.now() - HOUR;
		const older = newer - HOUR;
		await Promise.all([customerWrites(fixture.sandbox, 'first', older), customerWrites(fixture.sandbox, 'second', newer)]);
		const calls = await harness.waitForCalls(2);

		const items = calls.flatMap((call) => call.items.map((item) => item.json as { text: string; window: WindowJson }));
		expect(items.map((item) => item.text)).toEqual(['second', 'first']);
		for (const { window } of items) {
			expect(window.open).toBe(true);
			// Within the second: what the trigger remembers is kept in whole seconds.
			expect(Math.abs(Date.parse(window.openedAt!) - newer)).toBeLessThan(1000);
			expect(Date.parse(window.expiresAt!) - Date.parse(window.openedAt!)).toBe(DAY);
		}
	});
});
