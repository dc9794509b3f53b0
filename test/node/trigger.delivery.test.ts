/**
 * Deliveries from the sandbox's real webhook dispatcher to the trigger's webhook URL, handled in
 * n8n's WebhookContext: verification, validation, the items a workflow starts with, filters.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { apiClient, notificationBody } from '../sandbox/helpers';
import type { TriggerHarness, WebhookCall } from '../support/engine';
import { TRIGGER_STATE_KEY, useTriggerFixture } from '../support/triggerFixture';

const PHONE = '+27821234567';

describe('Channel360 Trigger deliveries', () => {
	const fixture = useTriggerFixture({ historyRequiresNotification: false });

	/** The token of the harness's registered webhook, as Channel360 brings it back. */
	const secretOf = (harness: TriggerHarness) => {
		const webhook = fixture.sandbox.webhooks().find((candidate) => candidate.target.startsWith(`${harness.webhookUrl}?`));
		return new URL(webhook!.target).searchParams.get('c360_token') ?? '';
	};
	const itemsOf = (calls: WebhookCall[]) => calls.flatMap((call) => call.items.map((item) => item.json));

	async function customerWrites(harness: TriggerHarness, text: string, extra: object = {}) {
		const before = harness.calls.length;
		const result = await fixture.sandbox.simulateInboundMessage(fixture.sandbox.defaultOrg.orgId, { phone: PHONE, name: 'Thandi', text, ...extra });
		const deliveries = fixture.sandbox.deliveries().filter((delivery) => delivery.trigger === 'message:appUser').length;
		await harness.waitForCalls(before + 1);
		return { ...result, deliveries };
	}

	it('turns the delivery of a customer message into one flat item with the window open for 24 hours', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		const sentAt = fixture.sandbox.clock.now();
		const { appUserId, messageId, conversationId } = await customerWrites(harness, 'Hi, is my order ready?');

		const [call] = harness.calls;
		expect(call.status).toBe(200);
		expect(call.items).toHaveLength(1);
		const item = call.items[0].json as Record<string, any>;
		expect(item).toMatchObject({
			event: 'message:appUser',
			direction: 'inbound',
			appUserId,
			conversationId,
			phone: PHONE,
			displayName: 'Thandi',
			text: 'Hi, is my order ready?',
			messageId,
			type: 'text',
		});
		const messageTime = Date.parse(item.timestamp);
		expect(Math.abs(messageTime - sentAt)).toBeLessThan(1000);
		expect(item.window).toMatchObject({ open: true, openedAt: item.timestamp, initiatedBy: 'customer' });
		expect(Date.parse(item.window.expiresAt) - messageTime).toBe(24 * 3_600_000);
		expect(item.raw).toMatchObject({ trigger: 'message:appUser', messages: [expect.objectContaining({ _id: messageId })] });
		expect(item).not.toHaveProperty('atMs');
		// What the trigger stores about the customer is keyed by App User ID: no phone number at rest.
		expect(JSON.stringify(harness.persistedStaticData())).toContain(appUserId);
		expect(JSON.stringify(harness.persistedStaticData())).not.toContain(PHONE.slice(1));
	});

	it('answers a customer message from the message itself, without asking Channel360 anything', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		await customerWrites(harness, 'Hi, is my order ready?');
		expect(harness.calls[0].items[0].json.window).toMatchObject({ open: true, source: 'payload', initiatedBy: 'customer' });
		expect(fixture.sandbox.requests().filter((entry) => entry.path.endsWith('/conversation/history'))).toEqual([]);
	});

	it('answers 200 itself, before it looks anything up, and tells n8n not to answer again', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser', 'notification:delivery:user'] });
		await customerWrites(harness, 'Can I change my delivery address?');
		fixture.sandbox.addTemplate(fixture.sandbox.defaultOrg.orgId, {
			name: 'address_changed',
			language: 'en_US',
			status: 'APPROVED',
			components: [{ type: 'BODY', text: 'Your delivery address is changed' }],
		});
		// A status event needs the history (the number comes from the event), and the look-up is slow: the answer must not wait for it.
		fixture.sandbox.injectFault({ path: /conversation\/history$/, status: 0, latencyMs: 1500 });
		await apiClient(fixture.sandbox)('POST', '/notification', notificationBody('address_changed', PHONE));

		await harness.waitForItems(2);
		const call = harness.calls.find((candidate) => candidate.items.some((item) => item.json.direction === 'status'))!;
		expect(call.status).toBe(200);
		expect(call.body).toEqual({ received: true });
		expect(call.answeredBeforeDone).toBe(true);
		expect(call.items).toHaveLength(1);
		expect(call.items[0].json).toMatchObject({ direction: 'status', phone: PHONE, window: { open: true, source: 'history' } });
		expect(fixture.sandbox.requests().filter((entry) => entry.path.endsWith('/conversation/history'))).toHaveLength(1);
	});

	/** A real delivery body, captured from the sandbox's dispatcher (to a foreign receiver). */
	async function deliveryBody(harness: TriggerHarness): Promise<unknown> {
		await harness.delete();
		const api = apiClient(fixture.sandbox);
		await api('POST', '/webhooks', { target: 'http://127.0.0.1:9/nowhere', triggers: ['message:appUser'] });
		await fixture.sandbox.simulateInboundMessage(fixture.sandbox.defaultOrg.orgId, { phone: PHONE, text: 'captured' });
		const payload = fixture.sandbox.deliveries().find((delivery) => delivery.trigger === 'message:appUser')?.payload;
		await harness.activate();
		return payload;
	}

	it('refuses a delivery with a wrong or missing secret with 401 and starts nothing', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		const body = await deliveryBody(harness);

		const missing = await harness.post(body);
		const wrong = await harness.post(body, { query: { c360_token: `${secretOf(harness).slice(0, -2)}xx` } });
		const otherLength = await harness.post(body, { query: { c360_token: 'short' } });

		for (const call of [missing, wrong, otherLength]) {
			expect(call.status).toBe(401);
			expect(call.items).toEqual([]);
			expect(JSON.stringify(call.body)).not.toContain(secretOf(harness));
		}
		const accepted = await harness.post(body, { query: { c360_token: secretOf(harness) } });
		expect(accepted.status).toBe(200);
		expect(accepted.items).toHaveLength(1);
	});

	it('accepts the first customer message that arrives before n8n has saved the new secret, in another n8n process', async () => {
		const harness = await fixture.trigger({ events: ['message:appUser'] });
		await harness.activateBeforeSaved();
		expect(harness.persistedStaticData()).toEqual({});
		// Another process (queue mode's webhook process): nothing from the one that registered, nothing saved.
		harness.restart();

		const { messageId } = await customerWrites(harness, 'Are you open today?');
		expect(harness.calls[0].status).toBe(200);
		expect(harness.calls[0].items.map((item) => item.json.messageId)).toEqual([messageId]);
		// Its save records the registration: a later save of the registration's static data cannot take that back.
		expect(harness.persistedStaticData()[TRIGGER_STATE_KEY]).toMatchObject({ tokenGeneration: secretOf(harness).split('.')[0] });
		const forged = await harness.post(await deliveryBody(harness), { query: { c360_token: 'not-the-secret' } });
		expect(forged.status).toBe(401);
	});

	it('refuses the secret of an earlier registration once the workflow is published again', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		const body = await deliveryBody(harness); // deletes and registers again: a new secret
		const current = secretOf(harness);
		harness.setParameters({ events: ['message:appUser', 'conversation:read'] });
		await harness.activate(); // another new secret
		const rotated = secretOf(harness);
		expect(rotated).not.toEqual(current);

		const old = await harness.post(body, { query: { c360_token: current } });
		expect(old).toMatchObject({ status: 401, items: [] });
		expect(JSON.stringify(old.body)).toContain('earlier registration');
		expect(await harness.post(body, { query: { c360_token: rotated } })).toMatchObject({ status: 200, items: [expect.anything()] });
	});

	it('refuses a secret with a forged signature, or the secret of another workflow', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		const body = await deliveryBody(harness);
		const [generation, mac] = secretOf(harness).split('.');
		const other = await fixture.activeTrigger({ events: ['message:appUser'] });
		const forgeries = [
			`${generation}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
			`${(parseInt(generation, 36) + 1).toString(36)}.${mac}`,
			secretOf(other),
		];
		for (const token of forgeries) {
			expect(await harness.post(body, { query: { c360_token: token } })).toMatchObject({ status: 401, items: [] });
		}
	});

	it('answers 400 with the reason for a body that is not a Channel360 delivery', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		const query = { c360_token: secretOf(harness) };

		const noTrigger = await harness.post({ hello: 'world' }, { query });
		const noMessages = await harness.post({ trigger: 'message:appUser', app: { _id: 'x' } }, { query });
		const notAnObject = await harness.post([1, 2, 3], { query });
		const notJson = await harness.post(undefined, { query, rawBody: '{"trigger": "message:appUser", ' });

		expect(noTrigger).toMatchObject({ status: 400, items: [], body: { message: expect.stringContaining('"trigger"') } });
		expect(noMessages).toMatchObject({ status: 400, items: [], body: { message: expect.stringContaining('"messages"') } });
		expect(notAnObject).toMatchObject({ status: 400, items: [] });
		expect(notJson).toMatchObject({ status: 400, items: [] });
	});

	it('starts the workflow once when Channel360 delivers the same message twice', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		// n8n saves static data only after a webhook call returns: the second copy arrives before
		// the first one's save.
		harness.holdSaves();
		fixture.sandbox.setDeliveryMode({ duplicate: true });
		const { messageId } = await customerWrites(harness, 'Hello?');
		await harness.waitForCalls(2);
		harness.releaseSaves();

		expect(harness.calls.map((call) => call.status)).toEqual([200, 200]);
		expect(itemsOf(harness.calls)).toEqual([expect.objectContaining({ messageId })]);
	});

	it('still knows every delivery after n8n saved two overlapping ones out of order and restarted', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		harness.holdSaves();
		await customerWrites(harness, 'first');
		await customerWrites(harness, 'second');
		// The first delivery's save lands last: what n8n stored lacks the second message.
		harness.releaseSaves('reversed');
		await customerWrites(harness, 'third');
		harness.restart();

		const query = { c360_token: secretOf(harness) };
		const redelivered = fixture.sandbox.deliveries().filter((delivery) => delivery.trigger === 'message:appUser');
		expect(redelivered).toHaveLength(3);
		for (const delivery of redelivered) {
			expect(await harness.post(delivery.payload, { query })).toMatchObject({ status: 200, items: [] });
		}
	});

	it('drops a redelivery that another n8n webhook process handled (queue mode)', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] }, { webhookProcesses: 2 });
		await customerWrites(harness, 'first'); // webhook process 1
		await customerWrites(harness, 'second'); // webhook process 2, which saved last
		const second = fixture.sandbox.deliveries().filter((delivery) => delivery.trigger === 'message:appUser')[1].payload;

		// Process 1 again: it saw only the first message itself.
		const again = await harness.post(second, { query: { c360_token: secretOf(harness) } });
		expect(again).toMatchObject({ status: 200, items: [] });
	});

	it('drops a redelivery that comes after an n8n restart', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		const body = await deliveryBody(harness);
		const query = { c360_token: secretOf(harness) };
		expect((await harness.post(body, { query })).items).toHaveLength(1);

		harness.restart();
		const again = await harness.post(body, { query });
		expect(again).toMatchObject({ status: 200, items: [] });
	});

	it('still starts it twice for the same delivery when duplicates are wanted', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'], options: { dropDuplicates: false } });
		fixture.sandbox.setDeliveryMode({ duplicate: true });
		await customerWrites(harness, 'Hello?');
		await harness.waitForCalls(2);
		expect(itemsOf(harness.calls)).toHaveLength(2);
	});

	it('ignores the echo of its own API send by default, and passes it on with includeApiEchoes', async () => {
		const quiet = await fixture.activeTrigger({ events: ['message:appUser', 'message:appMaker'] });
		const echoes = await fixture.activeTrigger({
			events: ['message:appUser', 'message:appMaker'],
			options: { includeApiEchoes: true },
		});
		const { appUserId } = await customerWrites(quiet, 'Can I change my delivery address?');
		await echoes.waitForCalls(1);

		const api = apiClient(fixture.sandbox);
		const reply = await api('POST', `/whatsapp/appuser/${appUserId}/reply`, { type: 'text', text: 'Sure, send it here.' });
		expect(reply.status).toBe(201);
		await Promise.all([quiet.waitForCalls(2), echoes.waitForCalls(2)]);

		expect(quiet.calls[1]).toMatchObject({ status: 200, items: [] });
		expect(echoes.calls[1].items).toHaveLength(1);
		expect(echoes.calls[1].items[0].json).toMatchObject({
			event: 'message:appMaker',
			direction: 'outbound',
			appUserId,
			text: 'Sure, send it here.',
			sourceType: 'api',
			window: { open: true },
		});
	});

	it('starts the workflow only for the selected message types', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'], options: { messageTypes: ['image'] } });
		await customerWrites(harness, 'just text');
		await customerWrites(harness, 'a photo', { type: 'image', mediaUrl: 'https://media.example.com/photo.jpg', mediaType: 'image/jpeg' });

		expect(harness.calls.map((call) => call.status)).toEqual([200, 200]);
		expect(itemsOf(harness.calls)).toEqual([expect.objectContaining({ type: 'image', text: 'a photo' })]);
	});

	it('gives the button a customer tapped, a shared location and a flow submission as fields', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser', 'flow:submission'] });
		const { orgId } = fixture.sandbox.defaultOrg;
		await customerWrites(harness, 'Yes, deliver it', { payload: 'CONFIRM_DELIVERY' });
		await customerWrites(harness, 'Here', { type: 'location' });
		await fixture.sandbox.simulateFlowSubmission(orgId, { phone: PHONE, response: { rating: 5 }, flowToken: 'survey-42' });
		const items = (await harness.waitForItems(3)).map((item) => item.json);

		expect(items[0]).toMatchObject({ type: 'interactiveReply', reply: { id: 'CONFIRM_DELIVERY', title: 'Yes, deliver it' } });
		expect(items[1]).toMatchObject({ type: 'location', location: { latitude: expect.any(Number), longitude: expect.any(Number) } });
		expect(items[2]).toMatchObject({
			event: 'flow:submission',
			type: 'flowSubmission',
			flow: { response: { rating: 5 }, token: 'survey-42' },
		});
	});

	describe('with media download', () => {
		let mediaServer: Server;
		let mediaUrl: string;
		const picture = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

		beforeAll(async () => {
			mediaServer = createServer((_req, res) => {
				res.writeHead(200, { 'content-type': 'image/png' });
				res.end(picture);
			});
			await new Promise<void>((resolve) => mediaServer.listen(0, '127.0.0.1', resolve));
			mediaUrl = `http://127.0.0.1:${(mediaServer.address() as AddressInfo).port}/media/receipt.png`;
		});
		afterAll(async () => {
			await new Promise<void>((resolve) => mediaServer.close(() => resolve()));
		});

		it('downloads inbound media into the binary property the user named', async () => {
			const harness = await fixture.activeTrigger({
				events: ['message:appUser'],
				options: { downloadMedia: true, binaryPropertyName: 'receipt' },
			});
			await customerWrites(harness, 'my receipt', { type: 'image', mediaUrl, mediaType: 'image/png' });

			const [item] = harness.calls[0].items;
			expect(item.json).toMatchObject({ type: 'image', media: { url: mediaUrl, mimeType: 'image/png', fileName: 'receipt.png' } });
			expect(item.binary?.receipt).toMatchObject({ mimeType: 'image/png', fileName: 'receipt.png' });
			expect(Buffer.from(item.binary!.receipt.data, 'base64')).toEqual(picture);
		});

		it('still starts the workflow, with the reason, when the media cannot be downloaded', async () => {
			const harness = await fixture.activeTrigger({ events: ['message:appUser'], options: { downloadMedia: true } });
			const gone = 'http://127.0.0.1:9/media/expired.png';
			await customerWrites(harness, 'my receipt', { type: 'image', mediaUrl: gone, mediaType: 'image/png' });

			const [call] = harness.calls;
			expect(call).toMatchObject({ status: 200, error: undefined });
			expect(call.items).toHaveLength(1);
			expect(call.items[0].binary).toBeUndefined();
			expect(call.items[0].json).toMatchObject({ media: { url: gone }, mediaDownloadError: expect.stringMatching(/could not be downloaded/) });
		});

		it('leaves media as a link when download is off', async () => {
			const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
			await customerWrites(harness, 'my receipt', { type: 'image', mediaUrl, mediaType: 'image/png' });
			expect(harness.calls[0].items[0].binary).toBeUndefined();
			expect(harness.calls[0].items[0].json).toMatchObject({ media: { url: mediaUrl } });
		});
	});
});
