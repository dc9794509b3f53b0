import { customerWroteHoursAgo, expectPaired, jsonOf, outputsFor, useSandbox } from './nodeTestKit';

const PHONE = '+27821234567';

describe('Channel360 node: Send and Wait for Response, window closed', () => {
	// History by phone is served for customers who only wrote in (the real one needs a past template).
	const kit = useSandbox({ historyRequiresNotification: false });

	const askForApproval = (extra: Record<string, unknown> = {}) => ({
		resource: 'message',
		operation: 'sendAndWait',
		question: 'Approve the refund of R450 for order A-17?',
		responseType: 'approval',
		windowClosedAction: 'routeToOutput',
		...extra,
	});

	const customerWrote = async (hoursAgo: number) => await customerWroteHoursAgo(kit, PHONE, hoursAgo, 'Can I get a refund?');

	it('routes the item to the "Window Closed" output with the reason, sends nothing and does not wait', async () => {
		const appUserId = await customerWrote(30);
		const requestsBefore = kit.sandbox.requests().length;
		const { outputs, error, waitTill } = await kit.run(askForApproval(), [{ appUserId, phone: PHONE, orderId: 'A-17' }]);
		expect(error).toBeUndefined();
		expect(waitTill).toBeUndefined();
		expect(outputs).toHaveLength(2);
		expect(outputs[0]).toEqual([]);
		// The same report Reply's routed items carry: what was checked, not the input item.
		expect(jsonOf(outputs[1])).toEqual([
			{
				outcome: 'windowClosed',
				reason: expect.stringMatching(/^the 24-hour window closed at .+; send an approved template instead$/),
				phone: PHONE,
				appUserId,
				window: expect.objectContaining({ open: false, source: 'history', expiresAt: expect.any(String) }),
				historyRead: true,
			},
		]);
		expectPaired(outputs, [[], [0]]);
		expect(kit.sandbox.sentMessages(kit.orgId)).toHaveLength(0);
		expect(kit.sandbox.notifications(kit.orgId)).toHaveLength(0);
		// Only the window was read: no message, no template.
		expect(kit.sandbox.requests().slice(requestsBefore).map((request) => request.method)).toEqual(['GET']);
	});

	it('routes a number that never wrote (window unknown, no App User to be found) the same way', async () => {
		const { outputs, error, waitTill } = await kit.run(askForApproval({ appUserId: '' }), [{ phone: '+27820000009' }]);
		expect(error).toBeUndefined();
		expect(waitTill).toBeUndefined();
		expect(jsonOf(outputs[1])).toEqual([
			expect.objectContaining({
				outcome: 'windowClosed',
				reason: expect.stringMatching(/window state is unknown/),
				phone: '+27820000009',
				appUserId: null,
				window: expect.objectContaining({ open: false, source: 'none' }),
			}),
		]);
		expect(kit.sandbox.sentMessages(kit.orgId)).toHaveLength(0);
	});

	it('with the window open, still sends the question as buttons and waits for the answer', async () => {
		const appUserId = await customerWrote(1);
		const { outputs, error, waitTill } = await kit.run(askForApproval(), [{ appUserId, phone: PHONE }]);
		expect(error).toBeUndefined();
		expect(waitTill).toBeInstanceOf(Date);
		expect(jsonOf(outputs[0])).toEqual([
			expect.objectContaining({ outcome: 'waiting', question: expect.objectContaining({ appUserId, sentAs: 'interactive' }) }),
		]);
		expect(outputs[1] ?? []).toEqual([]);
		const sent = kit.sandbox.sentMessages(kit.orgId);
		expect(sent).toEqual([expect.objectContaining({ appUserId, type: 'interactive', windowOpen: true })]);
	});

	it('shows the second "Window Closed" output only when routing', async () => {
		expect(await outputsFor(askForApproval())).toEqual([
			{ type: 'main', displayName: 'Sent' },
			{ type: 'main', displayName: 'Window Closed' },
		]);
		for (const windowClosedAction of ['fail', 'sendTemplate']) {
			expect(await outputsFor(askForApproval({ windowClosedAction }))).toEqual([{ type: 'main' }]);
		}
	});
});
