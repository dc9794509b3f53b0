import type { NodeOperationError } from 'n8n-workflow';

import { HOUR, choiceOf, customerWroteHoursAgo, expectPaired, jsonOf, mapperValue, outputsFor, useSandbox, WELCOME_BACK } from './nodeTestKit';

const PHONE = '+27821234567';

describe('Channel360 node: Message', () => {
	// History by phone is served for customers who only wrote in (the real one needs a past template).
	const kit = useSandbox({ historyRequiresNotification: false });

	const reply = (extra: Record<string, unknown> = {}) => ({
		resource: 'message',
		operation: 'reply',
		messageType: 'text',
		text: 'Your order is ready',
		...extra,
	});

	const customerWrote = async (hoursAgo: number) => await customerWroteHoursAgo(kit, PHONE, hoursAgo, 'Is my order ready?');

	describe('Reply (window-aware)', () => {
		it('sends free-form when the trigger item says the window is open, without reading history', async () => {
			const appUserId = await customerWrote(1);
			const expiresAt = new Date(Date.now() + 23 * HOUR).toISOString();
			const { outputs, error } = await kit.run(reply(), [{ appUserId, phone: PHONE, window: { open: true, expiresAt } }]);
			expect(error).toBeUndefined();
			expect(jsonOf(outputs[0])).toEqual([
				expect.objectContaining({ outcome: 'sent', appUserId, window: expect.objectContaining({ open: true, source: 'item' }) }),
			]);
			const sent = kit.sandbox.sentMessages(kit.orgId);
			expect(sent).toHaveLength(1);
			expect(sent[0]).toMatchObject({ appUserId, type: 'text', text: 'Your order is ready', windowOpen: true });
			expect(kit.sandbox.requests().some((request) => request.path.includes('/conversation/history'))).toBe(false);
			expectPaired(outputs, [[0]]);
		});

		it('reads the conversation history when the item has no window, and sends when it is open', async () => {
			const appUserId = await customerWrote(2);
			const { outputs, error } = await kit.run(reply(), [{ appUserId, phone: PHONE }]);
			expect(error).toBeUndefined();
			expect(outputs[0][0].json).toMatchObject({ outcome: 'sent', window: { open: true, source: 'history' } });
			expect(kit.sandbox.sentMessages(kit.orgId)).toHaveLength(1);
		});

		it('finds the App User from the phone number when the item has none, e.g. a follow-up from a CRM', async () => {
			const appUserId = await customerWrote(3);
			const { outputs, error } = await kit.run(reply({ appUserId: '' }), [{ phone: PHONE }]);
			expect(error).toBeUndefined();
			expect(outputs[0][0].json).toMatchObject({ outcome: 'sent', appUserId, window: { open: true, source: 'history' } });
			expect(kit.sandbox.sentMessages(kit.orgId)).toEqual([expect.objectContaining({ appUserId, text: 'Your order is ready' })]);
		});

		it('says which fields to fill when an item has neither App User ID nor phone number', async () => {
			const { error } = await kit.run(reply(), [{ name: 'Thandi' }]);
			expect(error?.message).toBe('App User ID and Phone Number are both empty');
			expect(kit.sandbox.sentMessages(kit.orgId)).toHaveLength(0);
		});

		it('re-checks a closed window from the item against the history: the customer may have written since', async () => {
			const appUserId = await customerWrote(0.5);
			const stale = { open: false, expiresAt: new Date(Date.now() - HOUR).toISOString() };
			const { outputs } = await kit.run(reply(), [{ appUserId, phone: PHONE, window: stale }]);
			expect(outputs[0][0].json).toMatchObject({ outcome: 'sent', window: { open: true, source: 'history' } });
		});

		it('fails with the time the window closed when the policy is "fail", and sends nothing', async () => {
			const appUserId = await customerWrote(30);
			const { error } = await kit.run(reply({ windowClosedAction: 'fail' }), [{ appUserId, phone: PHONE }]);
			const closedAt = new Date(kit.sandbox.clock.now() - 6 * HOUR).toISOString().slice(0, 13);
			expect(error?.message).toMatch(/24-hour window closed at /);
			expect(error?.message).toContain(closedAt);
			expect(error?.message).toMatch(/send an approved template instead/);
			expect(kit.sandbox.sentMessages(kit.orgId)).toHaveLength(0);
		});

		it('words the "window closed" error exactly, for a closed window and for a number with no history', async () => {
			const howToFix =
				'WhatsApp only allows free-form messages within 24 hours of the customer\'s last message. Use Notification → Send with an approved template, or set "When the Window Is Closed" to send a fallback template or route the item.';
			const appUserId = await customerWrote(30);
			const closed = await kit.run(reply({ windowClosedAction: 'fail' }), [{ appUserId, phone: PHONE }]);
			expect(closed.error?.message).toMatch(/^Not sent: the 24-hour window closed at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z; send an approved template instead$/);
			expect((closed.error as NodeOperationError).description).toBe(howToFix);

			const unknown = await kit.run(reply({ windowClosedAction: 'fail' }), [{ appUserId, phone: '+27820000009' }]);
			expect(unknown.error?.message).toBe(
				'Not sent: the 24-hour window state is unknown (the item has no "window" field and Channel360 has no conversation history for this number), so it is treated as closed; send an approved template instead',
			);
			expect((unknown.error as NodeOperationError).description).toBe(howToFix);
		});

		it('routes the item to the "Window Closed" output when asked, sending nothing', async () => {
			const openUser = await kit.sandbox.simulateInboundMessage(kit.orgId, { phone: '+27820000001', text: 'hi' });
			const closedUser = await customerWrote(48);
			const { outputs, error } = await kit.run(reply({ windowClosedAction: 'routeToOutput' }), [
				{ appUserId: openUser.appUserId, phone: '+27820000001' },
				{ appUserId: closedUser, phone: PHONE, orderId: 'A-17' },
			]);
			expect(error).toBeUndefined();
			expect(outputs).toHaveLength(2);
			expect(jsonOf(outputs[0])).toEqual([expect.objectContaining({ outcome: 'sent', appUserId: openUser.appUserId })]);
			// What Reply checked, not the input item copied (orderId stays reachable through pairedItem).
			expect(jsonOf(outputs[1])).toEqual([
				{
					outcome: 'windowClosed',
					reason: expect.stringMatching(/window closed at/),
					phone: PHONE,
					appUserId: closedUser,
					window: expect.objectContaining({ open: false, source: 'history', expiresAt: expect.any(String) }),
					historyRead: true,
				},
			]);
			expect(outputs[1][0].pairedItem).toEqual({ item: 1 });
			expect(kit.sandbox.sentMessages(kit.orgId).map((message) => message.appUserId)).toEqual([openUser.appUserId]);
			expectPaired(outputs, [[0], [1]]);
		});

		it('shows the second "Window Closed" output only when routing', async () => {
			const routing = await outputsFor(reply({ windowClosedAction: 'routeToOutput' }));
			expect(routing).toEqual([
				{ type: 'main', displayName: 'Sent' },
				{ type: 'main', displayName: 'Window Closed' },
			]);
			for (const parameters of [reply({ windowClosedAction: 'fail' }), reply({ windowClosedAction: 'sendTemplate' }), { resource: 'template', operation: 'getAll' }]) {
				expect(await outputsFor(parameters)).toEqual([{ type: 'main' }]);
			}
		});

		describe('fallback template', () => {
			const fallback = reply({
				windowClosedAction: 'sendTemplate',
				template: choiceOf(WELCOME_BACK),
				templateVariables: mapperValue({ body_first_name: 'Thandi' }),
				optInSource: 'channel360',
			});

			it('sends the approved template to an opted-in customer', async () => {
				kit.sandbox.addTemplate(kit.orgId, WELCOME_BACK);
				kit.sandbox.addSubscriber(kit.orgId, { mobileNumber: PHONE, firstName: 'Thandi', optInStatus: true });
				const appUserId = await customerWrote(26);
				const { outputs, error } = await kit.run(fallback, [{ appUserId, phone: PHONE }]);
				expect(error).toBeUndefined();
				const notifications = kit.sandbox.notifications(kit.orgId);
				expect(notifications).toHaveLength(1);
				expect(notifications[0]).toMatchObject({ destination: PHONE, templateName: 'welcome_back', language: 'en' });
				expect(notifications[0].components).toEqual([
					{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Thandi' }] },
				]);
				expect(outputs[0][0].json).toMatchObject({
					outcome: 'sentTemplate',
					notificationId: notifications[0].id,
					reason: expect.stringMatching(/window closed at .*fallback template/),
				});
				expect(kit.sandbox.sentMessages(kit.orgId)).toHaveLength(0);
			});

			it('skips a customer who opted out, with the reason, and sends nothing', async () => {
				kit.sandbox.addTemplate(kit.orgId, WELCOME_BACK);
				kit.sandbox.addSubscriber(kit.orgId, { mobileNumber: PHONE, optInStatus: false });
				const appUserId = await customerWrote(26);
				const { outputs, error } = await kit.run(fallback, [{ appUserId, phone: PHONE }]);
				expect(error).toBeUndefined();
				expect(outputs[0][0].json).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/opted out/) });
				expect(kit.sandbox.notifications(kit.orgId)).toHaveLength(0);
				expect(kit.sandbox.sentMessages(kit.orgId)).toHaveLength(0);
			});
		});
	});

	describe('Send', () => {
		it('sends reply buttons as a WhatsApp interactive message', async () => {
			const { appUserId } = await kit.sandbox.simulateInboundMessage(kit.orgId, { phone: PHONE, text: 'hi' });
			const { outputs, error } = await kit.run(
				{
					resource: 'message',
					operation: 'send',
					messageType: 'buttons',
					text: 'Confirm delivery slot?',
					buttons: { button: [{ id: 'slot_am', title: 'Morning' }, { id: 'slot_pm', title: 'Afternoon' }] },
					interactiveOptions: { footer: 'Reply within 1 hour' },
				},
				[{ appUserId }],
			);
			expect(error).toBeUndefined();
			expect(outputs[0][0].json).toMatchObject({ outcome: 'sent', appUserId, messageType: 'interactive' });
			expect(kit.sandbox.sentMessages(kit.orgId)[0].interactive).toEqual({
				type: 'button',
				body: { text: 'Confirm delivery slot?' },
				footer: { text: 'Reply within 1 hour' },
				action: {
					buttons: [
						{ type: 'reply', reply: { id: 'slot_am', title: 'Morning' } },
						{ type: 'reply', reply: { id: 'slot_pm', title: 'Afternoon' } },
					],
				},
			});
		});

		it('sends to a phone number: the App User comes from the conversation history, as for a follow-up from a CRM', async () => {
			const { appUserId } = await kit.sandbox.simulateInboundMessage(kit.orgId, { phone: PHONE, text: 'hi' });
			const send = { resource: 'message', operation: 'send', messageType: 'text', text: 'Your parcel left the depot' };
			// The default App User ID (the item's appUserId) is empty for this item; the item's phone is local.
			const { outputs, error } = await kit.run(send, [{ phone: '082 123 4567' }]);
			expect(error).toBeUndefined();
			expect(outputs[0][0].json).toMatchObject({ outcome: 'sent', appUserId });
			expect(kit.sandbox.sentMessages(kit.orgId)).toEqual([expect.objectContaining({ appUserId, text: 'Your parcel left the depot' })]);

			const nobody = await kit.run({ ...send, appUserId: '' }, [{ name: 'Thandi' }]);
			expect(nobody.error?.message).toBe('App User ID and Phone Number are both empty');
		});

		it('with Continue On Fail, a bad item fails with its reason and the others are sent', async () => {
			const { appUserId } = await kit.sandbox.simulateInboundMessage(kit.orgId, { phone: PHONE, text: 'hi' });
			const { outputs, error } = await kit.run(
				{ resource: 'message', operation: 'send', messageType: 'image', mediaUrl: '={{ $json.url }}', caption: 'Receipt' },
				[
					{ appUserId, url: 'https://cdn.example.co.za/a.jpg' },
					{ appUserId, url: 'not a link' },
					{ appUserId, url: 'https://cdn.example.co.za/c.jpg' },
				],
				true,
			);
			expect(error).toBeUndefined();
			expect(jsonOf(outputs[0]).map((json) => json.outcome)).toEqual(['sent', 'failed', 'sent']);
			expect(outputs[0][1].json.error).toMatch(/Media URL "not a link" is not a web link/);
			expect(kit.sandbox.sentMessages(kit.orgId).map((message) => message.mediaUrl)).toEqual([
				'https://cdn.example.co.za/a.jpg',
				'https://cdn.example.co.za/c.jpg',
			]);
			expectPaired(outputs, [[0, 1, 2]]);
		});

		it('without Continue On Fail, stops at the bad item with an error naming the field', async () => {
			const { error } = await kit.run({ resource: 'message', operation: 'send', messageType: 'text', text: '={{ $json.text }}' }, [
				{ appUserId: 'abc', text: '  ' },
			]);
			expect(error?.message).toMatch(/Text is empty/);
			expect(kit.sandbox.sentMessages(kit.orgId)).toHaveLength(0);
		});
	});
});
