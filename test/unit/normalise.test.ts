import { deduplicationKey, normaliseDelivery } from '../../nodes/Channel360/core/normalise';

const envelope = {
	trigger: 'message:appUser',
	app: { _id: 'app1' },
	version: 'v1.1',
	appUser: { _id: 'user1', conversationStarted: true },
	conversation: { _id: 'conv1' },
	client: { platform: 'whatsapp', externalId: '27821234567', raw: { from: '27821234567', profile: { name: 'Thandi' } } },
};

function delivered(messages: object[], extra: object = {}) {
	const result = normaliseDelivery({ ...envelope, ...extra, messages });
	if (!result.ok) throw new Error(result.reason);
	return result.events;
}

describe('normaliseDelivery', () => {
	it('flattens a customer text message', () => {
		const [event] = delivered([
			{
				_id: 'm1',
				type: 'text',
				text: 'Is my order ready?',
				role: 'appUser',
				name: 'Thandi',
				received: 1741076130.512,
				source: { type: 'whatsapp', originalMessageId: 'wamid.1' },
			},
		]);
		expect(event).toMatchObject({
			event: 'message:appUser',
			direction: 'inbound',
			appUserId: 'user1',
			conversationId: 'conv1',
			phone: '+27821234567',
			displayName: 'Thandi',
			messageId: 'm1',
			type: 'text',
			text: 'Is my order ready?',
			media: null,
			reply: null,
			sourceType: 'whatsapp',
			whatsappMessageId: 'wamid.1',
			timestamp: '2025-03-04T08:15:30.512Z',
		});
	});

	it('gives media with its type, and no caption when Smooch repeated the URL as text', () => {
		const [image, video] = delivered([
			{ _id: 'm2', type: 'image', role: 'appUser', text: 'https://m/x.jpg', mediaUrl: 'https://m/x.jpg', mediaType: 'image/jpeg', mediaSize: 10, received: 1 },
			{ _id: 'm3', type: 'file', role: 'appUser', text: 'clip', mediaUrl: 'https://m/a%20b.mp4?sig=1', mediaType: 'video/mp4', received: 2 },
		]);
		expect(image).toMatchObject({ type: 'image', text: null, media: { url: 'https://m/x.jpg', mimeType: 'image/jpeg', fileName: 'x.jpg', size: 10 } });
		expect(video).toMatchObject({ type: 'video', text: 'clip', media: { fileName: 'a b.mp4' } });
	});

	it('turns a button or list pick into an interactive reply with id and title', () => {
		const [event] = delivered([{ _id: 'm4', type: 'text', role: 'appUser', text: 'Morning', payload: 'slot_am', received: 3 }]);
		expect(event).toMatchObject({ type: 'interactiveReply', reply: { id: 'slot_am', title: 'Morning' } });
	});

	it('marks business messages as outbound without a customer phone', () => {
		const [event] = delivered(
			[{ _id: 'm5', type: 'text', role: 'appMaker', text: 'Hi', received: 4, source: { type: 'api' } }],
			{ trigger: 'message:appMaker', client: undefined },
		);
		expect(event).toMatchObject({ direction: 'outbound', appUserId: 'user1', phone: null, sourceType: 'api' });
	});

	it('reads a notification delivery event with its Channel360 id and the customer number', () => {
		const result = normaliseDelivery({
			trigger: 'notification:delivery:user',
			destination: { type: 'whatsapp', destinationId: '27821234567' },
			notification: { _id: 'n1' },
			matchResult: { appUser: { _id: 'user1' }, conversation: { _id: 'conv1' } },
			externalMessages: [{ id: 'wamid.9' }],
			timestamp: 1741076400.123,
		});
		expect(result.ok && result.events[0]).toMatchObject({
			direction: 'status',
			status: 'deliveredToUser',
			notificationId: 'n1',
			appUserId: 'user1',
			phone: '+27821234567',
			whatsappMessageId: 'wamid.9',
			timestamp: '2025-03-04T08:20:00.123Z',
		});
	});

	it('gives the WhatsApp error code of a failed message, e.g. 131047 for a closed window', () => {
		const result = normaliseDelivery({
			trigger: 'message:delivery:failure',
			appUser: { _id: 'user1' },
			message: { _id: 'm6' },
			error: {
				code: 'bad_request',
				underlyingError: { errors: [{ code: 131047, title: 'Re-engagement message', message: 'More than 24 hours have passed' }] },
			},
			timestamp: 5,
		});
		expect(result.ok && result.events[0]).toMatchObject({
			status: 'failed',
			messageId: 'm6',
			error: { code: '131047', message: 'More than 24 hours have passed' },
		});
	});

	it('refuses bodies that are not Channel360 deliveries, saying why', () => {
		expect(normaliseDelivery('hello')).toEqual({ ok: false, reason: 'the body is not a JSON object' });
		expect(normaliseDelivery({ messages: [] })).toMatchObject({ ok: false, reason: expect.stringContaining('"trigger"') });
		expect(normaliseDelivery({ trigger: 'message:appUser' })).toMatchObject({ ok: false, reason: expect.stringContaining('"messages"') });
		expect(normaliseDelivery({ trigger: 'message:appUser', messages: [] })).toMatchObject({ ok: false });
	});

	it('gives two deliveries of one message the same key, and different messages different keys', () => {
		const [a] = delivered([{ _id: 'm1', role: 'appUser', type: 'text', text: 'x', received: 1 }]);
		const [b] = delivered([{ _id: 'm1', role: 'appUser', type: 'text', text: 'x', received: 1 }]);
		const [c] = delivered([{ _id: 'm2', role: 'appUser', type: 'text', text: 'x', received: 1 }]);
		expect(deduplicationKey(a)).toBe(deduplicationKey(b));
		expect(deduplicationKey(a)).not.toBe(deduplicationKey(c));
	});
});
