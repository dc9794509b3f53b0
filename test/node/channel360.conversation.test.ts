import type { NodeApiError } from 'n8n-workflow';

import { HOUR, jsonOf, useSandbox } from './nodeTestKit';

const PHONE = '+27821234567';

describe('Channel360 node: Conversation', () => {
	const kit = useSandbox({ historyRequiresNotification: false });

	async function conversation(messages: number, lastHoursAgo: number) {
		for (let n = messages; n >= 1; n--) {
			await kit.sandbox.simulateInboundMessage(kit.orgId, {
				phone: PHONE,
				text: `message ${messages - n + 1}`,
				at: kit.sandbox.clock.now() - (lastHoursAgo + n - 1) * HOUR,
			});
		}
	}

	it('gets the history oldest first; with a limit, the most recent messages', async () => {
		await conversation(5, 1);
		const all = await kit.run({ resource: 'conversation', operation: 'getHistory', phone: PHONE, returnAll: true });
		expect(jsonOf(all.outputs[0]).map((json) => json.text)).toEqual(['message 1', 'message 2', 'message 3', 'message 4', 'message 5']);
		expect(all.outputs[0][0].json.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
		const recent = await kit.run({ resource: 'conversation', operation: 'getHistory', phone: PHONE, returnAll: false, limit: 2 });
		expect(jsonOf(recent.outputs[0]).map((json) => json.text)).toEqual(['message 4', 'message 5']);
	});

	it('computes the window state from the history', async () => {
		await conversation(1, 3);
		const { outputs } = await kit.run({ resource: 'conversation', operation: 'getWindow', phone: PHONE });
		expect(outputs[0][0].json).toMatchObject({ phone: PHONE, open: true, canSendFreeForm: true, source: 'history' });
		const secondsLeft = outputs[0][0].json.secondsLeft as number;
		expect(secondsLeft).toBeGreaterThan(20.9 * 3600);
		expect(secondsLeft).toBeLessThanOrEqual(21 * 3600);
	});

	it('reports a closed window with a note when Channel360 has no history for the number', async () => {
		const { outputs, error } = await kit.run({ resource: 'conversation', operation: 'getWindow', phone: '+27820000000' });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ open: false, source: 'none', note: expect.stringMatching(/no conversation history/) });
	});

	const historyAnswers = (status: number) =>
		kit.sandbox.injectFault({ method: 'GET', path: /\/conversation\/history$/, status, times: Infinity });

	it('treats a 404 on the history request like Channel360\'s 400: no history', async () => {
		historyAnswers(404);
		const { outputs, error } = await kit.run({ resource: 'conversation', operation: 'getWindow', phone: PHONE });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ open: false, source: 'none' });
	});

	it.each([401, 403, 422])('fails on any other history error (%i): only 400 and 404 mean "no history"', async (status) => {
		historyAnswers(status);
		const { outputs, error } = await kit.run({ resource: 'conversation', operation: 'getWindow', phone: PHONE });
		expect(outputs).toEqual([]);
		expect((error as NodeApiError | undefined)?.httpCode).toBe(String(status));
	});
});
