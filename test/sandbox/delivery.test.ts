import { startSandbox, type Sandbox } from '../../sandbox';
import { apiClient, startReceiver, type Receiver } from './helpers';

const ALL_TRIGGERS = [
	'message:appUser',
	'message:appMaker',
	'message:delivery:failure',
	'notification:delivery:channel',
	'notification:delivery:user',
	'notification:delivery:failure',
	'conversation:read',
	'flow:submission',
];

describe('sandbox webhook delivery', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;
	let api: ReturnType<typeof apiClient>;

	beforeAll(async () => {
		sandbox = await startSandbox({ deliveryDelayMs: 5 });
		api = apiClient(sandbox);
	});
	beforeEach(async () => {
		receiver = await startReceiver();
	});
	afterEach(async () => {
		sandbox.reset();
		await receiver.close();
	});
	afterAll(() => sandbox.stop());

	const subscribe = (triggers: string[], query = '?c360_token=s3cret&x=1') =>
		api('POST', '/webhooks', { target: `${receiver.url}/webhook/abc${query}`, triggers });

	it('posts message:appUser to the exact target with axios default headers only', async () => {
		await subscribe(ALL_TRIGGERS);
		const at = Date.parse('2026-03-04T08:15:30.512Z');
		const result = await sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, { phone: '+27 82 123 4567', name: 'Thandi', text: 'Hi, is my order ready?', at });

		// Resolved only after delivery: the receiver already has it.
		expect(receiver.received).toHaveLength(1);
		const [request] = receiver.received;
		expect(request.method).toBe('POST');
		expect(request.url).toBe('/webhook/abc?c360_token=s3cret&x=1');
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.headers['user-agent']).toMatch(/^axios\/1\./);
		expect(request.headers.accept).toBe('application/json, text/plain, */*');
		expect(request.headers.authorization).toBeUndefined();
		expect(Object.keys(request.headers).filter((name) => /signature|api-key|secret/i.test(name))).toEqual([]);

		expect(request.body).toEqual({
			trigger: 'message:appUser',
			app: { _id: expect.stringMatching(/^[0-9a-f]{24}$/) },
			version: 'v1.1',
			appUser: { _id: result.appUserId, conversationStarted: true },
			conversation: { _id: result.conversationId },
			client: expect.objectContaining({
				platform: 'whatsapp',
				externalId: '27821234567',
				displayName: '+27 82 123 4567',
				raw: { from: '27821234567', profile: { name: 'Thandi' } },
			}),
			messages: [
				expect.objectContaining({
					_id: result.messageId,
					type: 'text',
					text: 'Hi, is my order ready?',
					role: 'appUser',
					authorId: result.appUserId,
					name: 'Thandi',
					received: at / 1000,
					source: expect.objectContaining({ type: 'whatsapp', originalMessageId: expect.stringMatching(/^wamid\./) }),
				}),
			],
		});

		const [delivery] = sandbox.deliveries();
		expect(delivery).toMatchObject({ target: `${receiver.url}/webhook/abc?c360_token=s3cret&x=1`, trigger: 'message:appUser', status: 200, at: expect.any(Number) });
		expect(delivery.headers['user-agent']).toMatch(/^axios\//);
		expect(delivery.headers.authorization).toBeUndefined();
		expect(sandbox.appUsers()).toEqual([{ appUserId: result.appUserId, phone: '+27821234567', name: 'Thandi', lastCustomerMessageAt: at }]);
	});

	it('only delivers triggers a webhook subscribed to, and only for its org', async () => {
		await subscribe(['notification:delivery:user']);
		const other = sandbox.createOrganisation();
		await apiClient(sandbox, other)('POST', '/webhooks', { target: `${receiver.url}/other`, triggers: ['message:appUser'] });
		await sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, { phone: '+27821234567', text: 'hello' });
		expect(receiver.received).toEqual([]);
		expect(sandbox.deliveries()).toEqual([]);
	});

	it('carries media, button payloads and locations in Smooch shape', async () => {
		await subscribe(['message:appUser']);
		const org = sandbox.defaultOrg.orgId;
		await sandbox.simulateInboundMessage(org, { phone: '+27821234567', type: 'image', mediaUrl: 'https://media.example/p.jpg' });
		await sandbox.simulateInboundMessage(org, { phone: '+27821234567', text: 'Morning', payload: 'slot_am' });
		await sandbox.simulateInboundMessage(org, { phone: '+27821234567', type: 'location' });
		const messages = receiver.received.map((r) => r.body.messages[0]);
		expect(messages[0]).toMatchObject({ type: 'image', mediaUrl: 'https://media.example/p.jpg', mediaType: 'image/jpeg', text: 'https://media.example/p.jpg' });
		expect(messages[1]).toMatchObject({ type: 'text', text: 'Morning', payload: 'slot_am' });
		expect(messages[2]).toMatchObject({ type: 'location', coordinates: { lat: expect.any(Number), long: expect.any(Number) } });
		await expect(sandbox.simulateInboundMessage(org, { phone: '+27821234567', type: 'image' })).rejects.toThrow(/mediaUrl/);
	});

	it('records non-2xx answers and unreachable targets without retrying', async () => {
		receiver.answer(500);
		await subscribe(['message:appUser']);
		await api('POST', '/webhooks', { target: 'http://127.0.0.1:1/closed', triggers: ['message:appUser'] });
		await sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, { phone: '+27821234567', text: 'hello' });
		const statuses = sandbox.deliveries().map((d) => d.status).sort();
		expect(statuses).toEqual([500, 'error']);
		expect(sandbox.deliveries().find((d) => d.status === 'error')?.error).toMatch(/ECONNREFUSED/);
		expect(receiver.received).toHaveLength(1);
	});

	it('sends every delivery twice in duplicate mode', async () => {
		await subscribe(['message:appUser']);
		sandbox.setDeliveryMode({ duplicate: true });
		await sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, { phone: '+27821234567', text: 'once' });
		expect(receiver.received).toHaveLength(2);
		expect(receiver.received[0].body).toEqual(receiver.received[1].body);
		expect(sandbox.deliveries()).toHaveLength(2);
	});

	it('delivers a batch newest first in reverse-order mode', async () => {
		await subscribe(['message:appUser']);
		sandbox.setDeliveryMode({ reverseOrder: true, delayMs: 30 });
		const org = sandbox.defaultOrg.orgId;
		await Promise.all(['first', 'second', 'third'].map((text) => sandbox.simulateInboundMessage(org, { phone: '+27821234567', text })));
		expect(receiver.received.map((r) => r.body.messages[0].text)).toEqual(['third', 'second', 'first']);

		sandbox.setDeliveryMode({ reverseOrder: false, delayMs: 0 });
		receiver.received.length = 0;
		await Promise.all(['a', 'b'].map((text) => sandbox.simulateInboundMessage(org, { phone: '+27821234567', text })));
		expect(receiver.received.map((r) => r.body.messages[0].text)).toEqual(['a', 'b']);
	});

	it('emits conversation:read and flow:submission from the customer simulations', async () => {
		await subscribe(['conversation:read', 'flow:submission']);
		const org = sandbox.defaultOrg.orgId;
		const { appUserId } = await sandbox.simulateInboundMessage(org, { phone: '+27821234567', text: 'hi' });
		await sandbox.simulateRead(org, { phone: '+27821234567' });
		await sandbox.simulateFlowSubmission(org, { phone: '+27821234567', response: { slot: 'am' }, flowToken: 'ft-1' });
		expect(receiver.received.map((r) => r.body.trigger)).toEqual(['conversation:read', 'flow:submission']);
		expect(receiver.received[0].body).toMatchObject({ appUser: { _id: appUserId }, timestamp: expect.any(Number) });
		expect(receiver.received[1].body).toMatchObject({ flow_token: 'ft-1', messages: [{ text: '{"slot":"am"}' }] });
	});

	it('waitFor rejects with a clear message on timeout', async () => {
		await expect(sandbox.waitFor(() => false, 30)).rejects.toThrow(/waitFor timed out after 30 ms/);
	});
});
