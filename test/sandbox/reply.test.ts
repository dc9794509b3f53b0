import { startSandbox, type Sandbox } from '../../sandbox';
import { apiClient, HOUR, startReceiver, type Receiver } from './helpers';

const PHONE = '+27821234567';

describe('sandbox reply and the 24-hour window', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;
	let api: ReturnType<typeof apiClient>;
	let org: string;

	beforeAll(async () => {
		sandbox = await startSandbox({ deliveryDelayMs: 5 });
		api = apiClient(sandbox);
		org = sandbox.defaultOrg.orgId;
		receiver = await startReceiver();
	});
	beforeEach(async () => {
		await api('POST', '/webhooks', { target: `${receiver.url}/hook`, triggers: ['message:appMaker', 'message:delivery:failure'] });
		receiver.received.length = 0;
	});
	afterEach(() => sandbox.reset());
	afterAll(async () => {
		await sandbox.stop();
		await receiver.close();
	});

	it('accepts a text reply inside the window: 201 Smooch body, delivered, message:appMaker emitted', async () => {
		const { appUserId, conversationId } = await sandbox.simulateInboundMessage(org, { phone: PHONE, name: 'Thandi', text: 'hi' });
		const response = await api('POST', `/whatsapp/appuser/${appUserId}/reply`, { type: 'text', text: 'Your order is ready.' });
		expect(response.status).toBe(201);
		expect(response.body).toEqual({
			message: expect.objectContaining({
				_id: expect.stringMatching(/^[0-9a-f]{24}$/),
				role: 'appMaker',
				type: 'text',
				text: 'Your order is ready.',
				received: expect.any(Number),
				source: { type: 'api' },
			}),
			conversation: { _id: conversationId, unreadCount: 0 },
		});
		expect(sandbox.sentMessages()).toEqual([
			expect.objectContaining({ id: response.body.message._id, appUserId, phone: PHONE, type: 'text', text: 'Your order is ready.', windowOpen: true, delivered: true }),
		]);
		await sandbox.waitFor(() => receiver.received.length === 1);
		expect(receiver.received[0].body).toMatchObject({
			trigger: 'message:appMaker',
			appUser: { _id: appUserId },
			messages: [{ role: 'appMaker', source: { type: 'api' }, text: 'Your order is ready.' }],
		});
		expect(receiver.received[0].body.client).toBeUndefined();
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(receiver.received.map((r) => r.body.trigger)).toEqual(['message:appMaker']);
	});

	it('after 25 hours answers 201 and then emits message:delivery:failure 131047', async () => {
		const { appUserId } = await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'hi' });
		sandbox.clock.advance(25 * HOUR);
		const response = await api('POST', `/whatsapp/appuser/${appUserId}/reply`, { text: 'Still there?' });
		expect(response.status).toBe(201);
		expect(sandbox.sentMessages()[0]).toMatchObject({ windowOpen: false, delivered: false });
		await sandbox.waitFor(() => receiver.received.some((r) => r.body.trigger === 'message:delivery:failure'));
		const failure = receiver.received.find((r) => r.body.trigger === 'message:delivery:failure')!.body;
		expect(failure).toMatchObject({
			appUser: { _id: appUserId },
			message: { _id: response.body.message._id },
			error: { code: 'bad_request', underlyingError: { errors: [{ code: 131047, title: 'Re-engagement message' }] } },
			isFinalEvent: true,
		});
	});

	it('reopens the window with a new customer message', async () => {
		const { appUserId } = await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'hi' });
		sandbox.clock.advance(30 * HOUR);
		await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'me again' });
		await api('POST', `/whatsapp/appuser/${appUserId}/reply`, { text: 'Welcome back' });
		expect(sandbox.sentMessages()[0]).toMatchObject({ windowOpen: true, delivered: true });
	});

	it('maps media and interactive replies onto Smooch messages', async () => {
		const { appUserId } = await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'hi' });
		const path = `/whatsapp/appuser/${appUserId}/reply`;
		const image = await api('POST', path, { type: 'image', mediaUrl: 'https://cdn.example/r.png', text: 'Receipt' });
		expect(image.body.message).toMatchObject({ type: 'image', mediaUrl: 'https://cdn.example/r.png', mediaType: 'image/png', text: 'Receipt' });
		const video = await api('POST', path, { type: 'video', mediaUrl: 'https://cdn.example/v.mp4' });
		expect(video.body.message).toMatchObject({ type: 'file', mediaType: 'video/mp4' });
		const interactive = { type: 'button', body: { text: 'Slot?' }, action: { buttons: [{ type: 'reply', reply: { id: 'am', title: 'Morning' } }] } };
		const reply = await api('POST', path, { type: 'interactive', interactive });
		expect(reply.status).toBe(201);
		expect(reply.body.message).toMatchObject({ type: 'text', text: JSON.stringify(interactive) });
		expect(sandbox.sentMessages().map((s) => s.type)).toEqual(['image', 'video', 'interactive']);
		expect(sandbox.sentMessages()[2].interactive).toEqual(interactive);
	});

	it.each([
		[{ type: 'text' }, { message: 'text is required', field: 'text' }],
		[{ type: 'image', text: 'no url' }, { message: 'mediaUrl is required', field: 'mediaUrl' }],
		[{ type: 'file' }, { message: 'mediaUrl is required', field: 'mediaUrl' }],
		[{ type: 'interactive' }, { message: 'interactive is required', field: 'interactive' }],
		[{ type: 'sticker', text: 'x' }, { message: 'type must be one of text, image, video, file, interactive', field: 'type' }],
		[{ text: 'x'.repeat(4097) }, { message: 'text must be a string of at most 4096 characters', field: 'text' }],
	])('rejects %j with 400', async (body, error) => {
		const { appUserId } = await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'hi' });
		const response = await api('POST', `/whatsapp/appuser/${appUserId}/reply`, body);
		expect(response.status).toBe(400);
		expect(response.body.errors).toContainEqual(error);
		expect(sandbox.sentMessages()).toEqual([]);
	});

	it('answers 400 "Request failed with status code 404" for an unknown appUser', async () => {
		const response = await api('POST', '/whatsapp/appuser/5f2b9c7e1d3a4b0012c4e8f1/reply', { text: 'hello?' });
		expect(response).toMatchObject({ status: 400, body: { errors: [{ message: 'Request failed with status code 404' }] } });
	});
});

describe('sandbox reply with windowEnforcement: sync', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ windowEnforcement: 'sync', deliveryDelayMs: 5 });
	});
	afterAll(() => sandbox.stop());

	it('answers 400 at once outside the window and records nothing', async () => {
		const api = apiClient(sandbox);
		const { appUserId } = await sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, { phone: PHONE, text: 'hi' });
		expect((await api('POST', `/whatsapp/appuser/${appUserId}/reply`, { text: 'inside' })).status).toBe(201);
		sandbox.clock.advance(25 * HOUR);
		const response = await api('POST', `/whatsapp/appuser/${appUserId}/reply`, { text: 'outside' });
		expect(response).toMatchObject({ status: 400, body: { errors: [{ message: 'Request failed with status code 400' }] } });
		expect(sandbox.sentMessages().map((s) => s.text)).toEqual(['inside']);
	});
});
