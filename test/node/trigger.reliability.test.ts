/**
 * The hostile-sender scenarios the reliability probe ran against a real n8n, kept as tests so
 * that they guard every change (issue 17): forged and altered deliveries start nothing, a
 * delivery replayed fifty times runs once, a flood of 500 customer messages runs each once.
 */
import { apiClient } from '../sandbox/helpers';
import type { TriggerHarness, WebhookCall } from '../support/engine';
import { useTriggerFixture } from '../support/triggerFixture';

interface MessageDelivery {
	trigger: string;
	appUser: { _id: string };
	messages: Array<{ _id: string; text?: string; received?: number; authorId?: string }>;
}

// A hang guard, not a speed target: 500 webhook calls through n8n's engine take seconds on a busy machine.
jest.setTimeout(120_000);

describe('Channel360 Trigger against a hostile or overloaded sender', () => {
	const fixture = useTriggerFixture({ historyRequiresNotification: false });

	const tokenOf = (harness: TriggerHarness) => {
		const webhook = fixture.sandbox.webhooks().find((candidate) => candidate.target.startsWith(`${harness.webhookUrl}?`));
		return new URL(webhook!.target).searchParams.get('c360_token') ?? '';
	};
	const messageIdsOf = (calls: WebhookCall[]) => calls.flatMap((call) => call.items.map((item) => String(item.json.messageId)));

	/** A genuine customer-message delivery, captured by a webhook that is not the trigger's. */
	async function genuineDelivery(harness: TriggerHarness): Promise<MessageDelivery> {
		await harness.delete();
		await apiClient(fixture.sandbox)('POST', '/webhooks', { target: 'http://127.0.0.1:9/nowhere', triggers: ['message:appUser'] });
		await fixture.sandbox.simulateInboundMessage(fixture.sandbox.defaultOrg.orgId, { phone: '+27821234567', text: 'captured' });
		const payload = fixture.sandbox.deliveries().find((delivery) => delivery.trigger === 'message:appUser')?.payload;
		await harness.activate();
		return payload as MessageDelivery;
	}

	/** The same delivery as another message (new message id, text and time). */
	const asMessage = (delivery: MessageDelivery, index: number): MessageDelivery => {
		const copy = structuredClone(delivery);
		copy.messages[0]._id = `${copy.messages[0]._id.slice(0, 16)}${index.toString(16).padStart(8, '0')}`;
		copy.messages[0].text = `Message ${index}`;
		return copy;
	};

	it('starts nothing for forged, altered or misrouted deliveries, and never echoes the token', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		const other = await fixture.activeTrigger({ events: ['message:appUser'] });
		const body = await genuineDelivery(harness);
		const token = tokenOf(harness);
		const [generation, mac] = token.split('.');
		const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
		const forgedTokens = [
			'',
			'x',
			token.toUpperCase(),
			token.toLowerCase(),
			`${token}x`,
			token.slice(0, -1),
			` ${token}`,
			`${token} `,
			flip(token, token.length - 1),
			flip(token, generation.length + 1),
			`${generation}.`,
			`.${mac}`,
			mac,
			generation,
			`${(parseInt(generation, 36) - 1).toString(36)}.${mac}`,
			`${(parseInt(generation, 36) + 1).toString(36)}.${mac}`,
			tokenOf(other),
			encodeURIComponent(token).replace('.', '%2E') === token ? `${token}%00` : encodeURIComponent(token),
		].filter((forged) => forged !== token);
		const calls: WebhookCall[] = [];
		for (const forged of forgedTokens) calls.push(await harness.post(body, { query: { c360_token: forged } }));
		// No token at all, and the right token under another name.
		calls.push(await harness.post(body));
		calls.push(await harness.post(body, { query: { token } }));

		expect(calls.map((call) => call.status)).toEqual(calls.map(() => 401));
		expect(calls.flatMap((call) => call.items)).toEqual([]);
		expect(calls.map((call) => JSON.stringify(call.body)).filter((answer) => answer.includes(mac))).toEqual([]);
		// The genuine one still runs, once.
		expect((await harness.post(body, { query: { c360_token: token } })).items).toHaveLength(1);
	});

	it('runs a delivery replayed fifty times once', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		const body = await genuineDelivery(harness);
		const query = { c360_token: tokenOf(harness) };
		const calls: WebhookCall[] = [];
		for (let replay = 0; replay < 50; replay++) calls.push(await harness.post(body, { query }));

		expect(calls.map((call) => call.status)).toEqual(calls.map(() => 200));
		expect(messageIdsOf(calls)).toEqual([body.messages[0]._id]);
	});

	it('runs each of a flood of 500 customer messages once, twenty arriving at a time', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		const body = await genuineDelivery(harness);
		const query = { c360_token: tokenOf(harness) };
		const flood = Array.from({ length: 500 }, (_, index) => asMessage(body, index));
		const before = harness.calls.length;
		for (let start = 0; start < flood.length; start += 20) {
			// post() resolves with the next recorded call, not necessarily its own: read them all after.
			await Promise.all(flood.slice(start, start + 20).map(async (delivery) => await harness.post(delivery, { query })));
		}
		const calls = (await harness.waitForCalls(before + flood.length, 60_000)).slice(before);

		expect(calls).toHaveLength(500);
		expect(calls.filter((call) => call.status !== 200)).toEqual([]);
		const ran = messageIdsOf(calls);
		expect(ran).toHaveLength(500);
		expect(new Set(ran).size).toBe(500);
		expect(new Set(ran)).toEqual(new Set(flood.map((delivery) => delivery.messages[0]._id)));
	});
});
