/**
 * Notification → Send as outreach: Send Once per Campaign across reruns and overlapping
 * executions (n8n's deduplication store; the harness's in-memory one behaves as n8n's database
 * one: read, then write the whole row), and "stop means stop" on the first failure.
 */
import { randomUUID } from 'node:crypto';

import { processedDataStore } from '../support/processedDataStore';
import { choiceOf, jsonOf, mapperValue, ORDER_SHIPPED, useSandbox, WELCOME_BACK } from './nodeTestKit';

const customer = (n: number) => ({ phone: `+2782${String(1000000 + n)}`, name: `Customer ${n}` });

function campaign(options: Record<string, unknown> = {}) {
	return {
		resource: 'notification',
		operation: 'send',
		phone: '={{ $json.phone }}',
		template: choiceOf(WELCOME_BACK),
		templateVariables: mapperValue({ body_first_name: '={{ $json.name }}' }),
		optInSource: 'none',
		notificationOptions: { sendOnce: 'skipSent', campaignId: 'spring-2026', messagesPerSecond: 80, ...options },
	};
}

describe('Channel360 node: outreach campaigns', () => {
	const kit = useSandbox();
	const destinations = () => kit.sandbox.notifications(kit.orgId).map((n) => n.destination);
	const timesEachGot = () => {
		const counts = new Map<string, number>();
		for (const destination of destinations()) counts.set(destination, (counts.get(destination) ?? 0) + 1);
		return counts;
	};

	beforeEach(() => {
		kit.sandbox.addTemplate(kit.orgId, WELCOME_BACK);
		kit.sandbox.addTemplate(kit.orgId, ORDER_SHIPPED);
	});

	it('a rerun after an interrupted run sends only to the rest: every recipient once, none twice', async () => {
		const nodeId = randomUUID();
		const recipients = Array.from({ length: 30 }, (_, n) => customer(n));
		// The 11th send is queued by Channel360, then the connection drops: the run stops there.
		kit.sandbox.injectFault({ method: 'POST', path: '/notification', status: 0, resetAfterHandling: true, afterRequests: 10 });
		const first = await kit.run(campaign(), recipients, false, { nodeId });
		expect(first.error?.message).toMatch(/may have been queued/);
		expect((first.error as { description?: string }).description).toMatch(/^The connection was closed before Channel360 answered \(ECONNRESET\)/);
		// Sends already under way when the 11th failed finish; nothing starts after.
		const [, sentBefore, notSent] = /(\d+) other notification\(s\) .* sent before sending stopped; (\d+) were not sent/.exec(
			(first.error as { description?: string }).description ?? '',
		)!.map(Number);
		expect(sentBefore + 1 + notSent).toBe(30);
		expect(destinations()).toHaveLength(sentBefore + 1);

		const rerun = await kit.run(campaign(), recipients, false, { nodeId });
		expect(rerun.error).toBeUndefined();
		const outcomes = jsonOf(rerun.outputs[0]);
		expect(outcomes.filter((json) => json.outcome === 'sent')).toHaveLength(notSent);
		// The 11th may have been queued: it is not sent again either.
		expect(outcomes.filter((json) => json.reason === 'skipped: already sent in this campaign')).toHaveLength(sentBefore + 1);
		expect(destinations()).toHaveLength(30);
		expect([...timesEachGot().values()].every((count) => count === 1)).toBe(true);
	}, 30_000);

	it('a recipient twice in one run gets it once; another campaign ID sends again; Forget lets a recipient get it again', async () => {
		const nodeId = randomUUID();
		const { outputs } = await kit.run(campaign(), [customer(1), customer(2), customer(1)], false, { nodeId });
		expect(jsonOf(outputs[0]).map((json) => json.outcome)).toEqual(['sent', 'sent', 'skipped']);
		expect(outputs[0][2].json.reason).toBe('skipped: already sent in this campaign');

		await kit.run(campaign({ campaignId: 'winter-2026' }), [customer(1)], false, { nodeId });
		expect(timesEachGot().get('+27821000001')).toBe(2);

		const forgot = await kit.run(campaign({ sendOnce: 'forget' }), [customer(1)], false, { nodeId });
		expect(jsonOf(forgot.outputs[0])).toEqual([expect.objectContaining({ outcome: 'forgotten', campaignKey: 'spring-2026|+27821000001' })]);
		expect(destinations()).toHaveLength(3);
		const again = await kit.run(campaign(), [customer(1), customer(2)], false, { nodeId });
		expect(jsonOf(again.outputs[0]).map((json) => json.outcome)).toEqual(['sent', 'skipped']);

		await kit.run(campaign({ sendOnce: 'forgetAll' }), [{}], false, { nodeId });
		const afterClear = await kit.run(campaign(), [customer(2)], false, { nodeId });
		expect(jsonOf(afterClear.outputs[0]).map((json) => json.outcome)).toEqual(['sent']);
	}, 30_000);

	it('records each send in n8n\'s store under this node, keyed by campaign and normalised number', async () => {
		const nodeId = randomUUID();
		await kit.run(campaign(), [{ phone: '+27 82 100 0001', name: 'A' }], false, { nodeId });
		const row = [...processedDataStore().rows.entries()].find(([key]) => key.endsWith(`n:${nodeId}`));
		expect(row?.[1]).toEqual({ mode: 'entries', data: [expect.any(String)] });
		const rerun = await kit.run(campaign(), [{ phone: '+27821000001', name: 'A' }], false, { nodeId });
		expect(jsonOf(rerun.outputs[0])[0]).toMatchObject({ outcome: 'skipped' });
	});

	it.each([0, 300, 1000])('two executions of the same campaign overlapping in time (second starts %i ms later): measures how many recipients get two messages', async (offsetMs) => {
		const nodeId = randomUUID();
		const recipients = Array.from({ length: 200 }, (_, n) => customer(n));
		const later = async () => {
			await new Promise((resolve) => setTimeout(resolve, offsetMs));
			return await kit.run(campaign({ messagesPerSecond: 100 }), recipients, false, { nodeId });
		};
		const [a, b] = await Promise.all([kit.run(campaign({ messagesPerSecond: 100 }), recipients, false, { nodeId }), later()]);
		expect(a.error).toBeUndefined();
		expect(b.error).toBeUndefined();
		const counts = timesEachGot();
		const twice = [...counts.values()].filter((count) => count > 1).length;
		// Every recipient got it at least once, and the store kept most from getting it twice.
		expect(counts.size).toBe(200);
		expect(twice).toBeLessThan(200);
		process.stdout.write(`overlapping executions, second ${offsetMs} ms later: ${twice} of 200 recipients got the campaign twice\n`);
	}, 30_000);

	it('stop means stop: the first failure ends the node at once, not after the remaining planned slots', async () => {
		// At 0.1 per second the 999 planned sends after the first span 2.8 hours: the test can only
		// finish within its timeout if the node stops at the failure.
		kit.sandbox.injectFault({ method: 'POST', path: '/notification', status: 400, times: 1 });
		const recipients = Array.from({ length: 1000 }, (_, n) => customer(n));
		const { error } = await kit.run(campaign({ sendOnce: 'off', messagesPerSecond: 0.1 }), recipients);
		expect(error?.message).toMatch(/rejected the notification request/);
		expect((error as { description?: string }).description).toMatch(/0 other notification\(s\) of this execution were sent before sending stopped; 999 were not sent/);
		expect(kit.sandbox.requests().filter((request) => request.method === 'POST')).toHaveLength(1);
	}, 20_000);
});
