import { startSandbox, type Sandbox } from '../../sandbox';
import { apiClient, notificationBody, startReceiver, type Receiver } from './helpers';

const PHONE = '+27821234567';
const ORDER_UPDATE = { name: 'order_update', language: 'en_US', components: [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} is {{3}}.' }] };
const NOTIFICATION_TRIGGERS = ['notification:delivery:channel', 'notification:delivery:user', 'notification:delivery:failure', 'message:appMaker'];

describe('sandbox notifications and history', () => {
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
		receiver.received.length = 0;
		await api('POST', '/webhooks', { target: `${receiver.url}/hook`, triggers: NOTIFICATION_TRIGGERS });
	});
	afterEach(() => sandbox.reset());
	afterAll(async () => {
		await sandbox.stop();
		await receiver.close();
	});

	const finished = (id: string) => () => ['DELIVERED', 'FAILED'].includes(sandbox.notifications().find((n) => n.id === id)?.status ?? '');

	it('queues with a 24-hex id and moves PENDING → SUBMITTED → DELIVERED TO CHANNEL → DELIVERED with events', async () => {
		sandbox.addTemplate(org, ORDER_UPDATE);
		const response = await api('POST', '/notification', notificationBody('order_update', PHONE, ['Thandi', '4411', 'ready']));
		expect(response.status).toBe(201);
		const id = response.body.notification._id;
		expect(id).toMatch(/^[0-9a-f]{24}$/);
		expect(sandbox.notifications()[0]).toMatchObject({ id, status: 'PENDING', destination: PHONE, templateName: 'order_update', language: 'en_US' });

		await sandbox.waitFor(finished(id));
		await sandbox.waitFor(() => receiver.received.length === 3);
		const notification = sandbox.notifications()[0];
		expect(notification.statusHistory.map((s) => s.status)).toEqual(['PENDING', 'SUBMITTED', 'DELIVERED TO CHANNEL', 'DELIVERED']);
		const appUserId = notification.appUserId;
		expect(appUserId).toMatch(/^[0-9a-f]{24}$/);

		const byTrigger = Object.fromEntries(receiver.received.map((r) => [r.body.trigger, r.body]));
		expect(Object.keys(byTrigger).sort()).toEqual(['message:appMaker', 'notification:delivery:channel', 'notification:delivery:user']);
		expect(byTrigger['notification:delivery:user']).toMatchObject({
			version: 'v1.1',
			destination: { type: 'whatsapp', destinationId: '27821234567' },
			notification: { _id: id },
			matchResult: { appUser: { _id: appUserId }, conversation: { _id: expect.any(String) } },
			isFinalEvent: true,
		});
		expect(byTrigger['notification:delivery:channel'].isFinalEvent).toBe(false);
		expect(byTrigger['message:appMaker'].messages[0]).toMatchObject({
			role: 'appMaker',
			text: 'Hi Thandi, your order 4411 is ready.',
			source: { type: 'notification' },
		});
		// The channel event comes before the user event.
		const triggers = receiver.received.map((r) => r.body.trigger).filter((t) => t.startsWith('notification'));
		expect(triggers).toEqual(['notification:delivery:channel', 'notification:delivery:user']);
	});

	it('fails a template that is not APPROVED with notification:delivery:failure', async () => {
		sandbox.addTemplate(org, { ...ORDER_UPDATE, name: 'spring_sale', status: 'PENDING' });
		const response = await api('POST', '/notification', notificationBody('spring_sale'));
		expect(response.status).toBe(201);
		const id = response.body.notification._id;
		await sandbox.waitFor(finished(id));
		await sandbox.waitFor(() => receiver.received.length === 1);
		expect(sandbox.notifications()[0]).toMatchObject({ status: 'FAILED', failureReason: 'Template is not approved' });
		expect(sandbox.notifications()[0].statusHistory.map((s) => s.status)).toEqual(['PENDING', 'SUBMITTED', 'FAILED']);
		expect(receiver.received[0].body).toMatchObject({
			trigger: 'notification:delivery:failure',
			notification: { _id: id },
			error: { message: 'Template is not approved' },
			isFinalEvent: true,
		});
		// Neither the docs nor the source name a code for this failure: the sandbox invents none.
		expect(receiver.received[0].body.error.code).toBeUndefined();

		// Approving it makes the next send go through.
		sandbox.setTemplateStatus(org, 'spring_sale', 'en_US', 'APPROVED');
		const again = await api('POST', '/notification', notificationBody('spring_sale'));
		await sandbox.waitFor(finished(again.body.notification._id));
		expect(sandbox.notifications()[1].status).toBe('DELIVERED');
	});

	it('does not check opt-in, like the real endpoint', async () => {
		sandbox.addTemplate(org, ORDER_UPDATE);
		sandbox.addSubscriber(org, { mobileNumber: PHONE, optInStatus: false });
		const response = await api('POST', '/notification', notificationBody('order_update'));
		await sandbox.waitFor(finished(response.body.notification._id));
		expect(sandbox.notifications()[0].status).toBe('DELIVERED');
	});

	it('reports the six validation messages', async () => {
		const missing = await api('POST', '/notification', {});
		expect(missing.status).toBe(400);
		expect(missing.body.errors).toEqual([
			{ message: 'Destination is required', field: 'destination' },
			{ message: 'Message must be provided', field: 'message' },
			{ message: 'Message must be a non-empty object', field: 'message' },
		]);
		const nested = await api('POST', '/notification', { destination: PHONE, message: { type: 'text', template: { language: {}, components: 'x' } } });
		expect(nested.body.errors.map((e: { message: string }) => e.message)).toEqual([
			'Message type must be "template"',
			'Template name is required',
			'Template language policy and code must be provided',
			'Template components must be an array',
		]);
	});

	it('answers "Could not find a valid template" for unknown names and unmatched languages', async () => {
		const unknown = await api('POST', '/notification', notificationBody('nope'));
		expect(unknown).toMatchObject({ status: 400, body: { errors: [{ message: 'Could not find a valid template' }] } });

		sandbox.addTemplate(org, { ...ORDER_UPDATE, language: 'en_US' });
		sandbox.addTemplate(org, { ...ORDER_UPDATE, language: 'af' });
		expect((await api('POST', '/notification', notificationBody('order_update', PHONE, [], 'zu'))).status).toBe(400);
		const af = await api('POST', '/notification', notificationBody('order_update', PHONE, [], 'af'));
		expect(af.status).toBe(201);
		// Templates of other organisations are invisible.
		const other = sandbox.createOrganisation();
		expect((await apiClient(sandbox, other)('POST', '/notification', notificationBody('order_update'))).status).toBe(400);
	});

	it('finds history by phone only after a template reached the number', async () => {
		sandbox.addTemplate(org, ORDER_UPDATE);
		const at = sandbox.clock.now();
		await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'Hi, is my order ready?', at });
		const before = await api('GET', '/whatsapp/subscriber/+27821234567/conversation/history');
		expect(before).toMatchObject({ status: 400, body: { errors: [{ message: 'AppUser not found' }] } });

		const sent = await api('POST', '/notification', notificationBody('order_update', PHONE, ['Thandi', '4411', 'ready']));
		await sandbox.waitFor(finished(sent.body.notification._id));
		const history = await api('GET', '/whatsapp/subscriber/+27821234567/conversation/history');
		expect(history.status).toBe(200);
		const { conversation } = history.body;
		const appUserId = sandbox.appUsers()[0].appUserId;
		expect(conversation).toMatchObject({ appUsers: [appUserId], appMakers: [expect.any(String)], _id: expect.any(String) });
		expect(conversation.messages.map((m: { role: string; source: { type: string } }) => [m.role, m.source.type])).toEqual([
			['appUser', 'whatsapp'],
			['appMaker', 'notification'],
		]);
		expect(conversation.messages[0].received).toBeCloseTo(at / 1000, 3);
		// Without the plus works too; unknown numbers stay 400.
		expect((await api('GET', '/whatsapp/subscriber/27821234567/conversation/history')).status).toBe(200);
		expect((await api('GET', '/whatsapp/subscriber/27820000000/conversation/history')).status).toBe(400);
	});

	it('marks every notification of the conversation READ on conversation:read', async () => {
		sandbox.addTemplate(org, ORDER_UPDATE);
		const sent = await api('POST', '/notification', notificationBody('order_update'));
		await sandbox.waitFor(finished(sent.body.notification._id));
		await sandbox.simulateRead(org, { phone: PHONE });
		expect(sandbox.notifications()[0].status).toBe('READ');
	});
});

describe('sandbox history with historyRequiresNotification: false', () => {
	it('finds numbers that only wrote in', async () => {
		const sandbox = await startSandbox({ historyRequiresNotification: false });
		try {
			await sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, { phone: PHONE, text: 'hello' });
			const history = await apiClient(sandbox)('GET', `/whatsapp/subscriber/${PHONE}/conversation/history`);
			expect(history.status).toBe(200);
			expect(history.body.conversation.messages).toHaveLength(1);
		} finally {
			await sandbox.stop();
		}
	});
});
