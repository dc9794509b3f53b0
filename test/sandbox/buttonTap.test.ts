import { startSandbox, type Sandbox } from '../../sandbox';
import { apiClient, control, startReceiver, type Receiver } from './helpers';

const BUTTONS = {
	type: 'button',
	body: { text: 'Confirm delivery slot?' },
	action: { buttons: [{ type: 'reply', reply: { id: 'slot_am', title: 'Morning' } }, { type: 'reply', reply: { id: 'slot_pm', title: 'Afternoon' } }] },
};
const LIST = {
	type: 'list',
	body: { text: 'Pick a branch' },
	action: { button: 'Branches', sections: [{ title: 'Gauteng', rows: [{ id: 'jhb01', title: 'Sandton' }, { id: 'pta01', title: 'Menlyn' }] }] },
};

describe('a customer taps a button of a sent interactive message', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;
	let api: ReturnType<typeof apiClient>;
	let appUserId: string;

	beforeAll(async () => {
		sandbox = await startSandbox({ deliveryDelayMs: 5 });
		api = apiClient(sandbox);
	});
	beforeEach(async () => {
		receiver = await startReceiver();
		await api('POST', '/webhooks', { target: `${receiver.url}/hook`, triggers: ['message:appUser'] });
		({ appUserId } = await sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, { phone: '+27821234567', name: 'Thandi', text: 'When can you deliver?' }));
	});
	afterEach(async () => {
		sandbox.reset();
		await receiver.close();
	});
	afterAll(() => sandbox.stop());

	const reply = (body: unknown) => api('POST', `/whatsapp/appuser/${appUserId}/reply`, body);
	const lastDelivered = () => receiver.received[receiver.received.length - 1].body;

	it('arrives as the customer message with the button title as text and its id as payload', async () => {
		const sent = await reply({ type: 'interactive', interactive: BUTTONS });
		const tap = await sandbox.simulateButtonTap(sandbox.defaultOrg.orgId, { appUserId, buttonId: 'slot_pm' });

		expect(tap).toMatchObject({ appUserId, buttonId: 'slot_pm', title: 'Afternoon', repliedTo: sent.body.message._id });
		expect(lastDelivered()).toMatchObject({
			trigger: 'message:appUser',
			appUser: { _id: appUserId },
			messages: [{ _id: tap.messageId, role: 'appUser', type: 'text', text: 'Afternoon', payload: 'slot_pm', authorId: appUserId }],
		});
	});

	it('picks a list row by its title, and a Smooch reply action by its text', async () => {
		await reply({ type: 'interactive', interactive: LIST });
		const row = await sandbox.simulateButtonTap(sandbox.defaultOrg.orgId, { phone: '+27821234567', title: 'Menlyn' });
		expect(lastDelivered().messages[0]).toMatchObject({ text: 'Menlyn', payload: 'pta01' });
		expect(row.buttonId).toBe('pta01');

		await reply({ type: 'text', text: 'Still there?', actions: [{ type: 'reply', text: 'Yes', payload: 'STILL_YES' }] });
		await sandbox.simulateButtonTap(sandbox.defaultOrg.orgId, { appUserId, title: 'Yes' });
		expect(lastDelivered().messages[0]).toMatchObject({ text: 'Yes', payload: 'STILL_YES' });
	});

	it('answers an earlier message when its id is given, and the latest one with choices otherwise', async () => {
		const first = await reply({ type: 'interactive', interactive: BUTTONS });
		await reply({ type: 'interactive', interactive: LIST });
		await reply({ type: 'text', text: 'Thanks!' });

		const earlier = await sandbox.simulateButtonTap(sandbox.defaultOrg.orgId, { appUserId, messageId: first.body.message._id, title: 'Morning' });
		expect(earlier.buttonId).toBe('slot_am');
		await expect(sandbox.simulateButtonTap(sandbox.defaultOrg.orgId, { appUserId, title: 'Morning' })).rejects.toThrow(
			/has no button titled "Morning"; it offers jhb01 \("Sandton"\), pta01 \("Menlyn"\)/,
		);
	});

	it('says what is wrong when nothing with buttons was sent', async () => {
		await reply({ type: 'text', text: 'Hello' });
		await expect(sandbox.simulateButtonTap(sandbox.defaultOrg.orgId, { appUserId, buttonId: 'x' })).rejects.toThrow(/nothing with buttons was sent/);
	});

	it('refreshes the 24-hour window like any customer message', async () => {
		await reply({ type: 'interactive', interactive: BUTTONS });
		sandbox.clock.advance(23 * 3_600_000);
		await sandbox.simulateButtonTap(sandbox.defaultOrg.orgId, { appUserId, buttonId: 'slot_am' });
		sandbox.clock.advance(2 * 3_600_000);
		await reply({ type: 'text', text: 'See you in the morning' });
		expect(sandbox.sentMessages().at(-1)).toMatchObject({ text: 'See you in the morning', windowOpen: true });
	});

	it('is on the control API as POST /__sandbox/tap', async () => {
		await reply({ type: 'interactive', interactive: BUTTONS });
		const tapped = await control(sandbox, 'POST', '/tap', { appUserId, buttonId: 'slot_am' });
		expect(tapped).toMatchObject({ status: 200, body: { buttonId: 'slot_am', title: 'Morning', appUserId } });
		expect(lastDelivered().messages[0]).toMatchObject({ text: 'Morning', payload: 'slot_am' });

		const wrong = await control(sandbox, 'POST', '/tap', { appUserId, buttonId: 'nope' });
		expect(wrong).toMatchObject({ status: 400, body: { error: expect.stringContaining('slot_am ("Morning")') } });
	});
});
