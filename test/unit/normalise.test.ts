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

	it('refuses only bodies that hold no Channel360 event, saying why', () => {
		expect(normaliseDelivery('hello')).toEqual({ ok: false, reason: 'the body is not a JSON object' });
		expect(normaliseDelivery({ messages: [] })).toMatchObject({ ok: false, reason: expect.stringContaining('"trigger"') });
	});

	it('accepts a message event without readable messages, with nothing to run and the reason for the log', () => {
		expect(normaliseDelivery({ trigger: 'message:appUser' })).toEqual({
			ok: true,
			trigger: 'message:appUser',
			events: [],
			skipped: [expect.stringContaining('no "messages" list')],
		});
		expect(normaliseDelivery({ trigger: 'message:appUser', messages: [] })).toMatchObject({ ok: true, events: [], skipped: [expect.any(String)] });
	});

	it('gives two deliveries of one message the same key, and different messages different keys', () => {
		const [a] = delivered([{ _id: 'm1', role: 'appUser', type: 'text', text: 'x', received: 1 }]);
		const [b] = delivered([{ _id: 'm1', role: 'appUser', type: 'text', text: 'x', received: 1 }]);
		const [c] = delivered([{ _id: 'm2', role: 'appUser', type: 'text', text: 'x', received: 1 }]);
		expect(deduplicationKey(a)).toBe(deduplicationKey(b));
		expect(deduplicationKey(a)).not.toBe(deduplicationKey(c));
	});

	describe('field by field: what cannot be read is a note, never an exception', () => {
		const good = { _id: 'ok1', type: 'text', text: 'Still here', role: 'appUser', received: 1741076130.512 };

		it.each([
			['beyond the JavaScript date range', 1e20],
			['Infinity-sized', 1e308],
			['NaN', NaN],
			['a word', 'yesterday'],
			['an object', { seconds: 1 }],
		])('reads a message whose received time is %s, with a null timestamp and a note naming the field', (_what, received) => {
			const [event] = delivered([{ ...good, received }]);
			expect(event).toMatchObject({ messageId: 'ok1', text: 'Still here', timestamp: null, atMs: null });
			expect(event.warnings).toEqual([expect.stringMatching(/^messages\[0\]\.received is .*not a time/)]);
		});

		it('reads a received time given as numeric or ISO text', () => {
			const [numeric, iso] = delivered([
				{ ...good, received: '1741076130.512' },
				{ ...good, _id: 'ok2', received: '2025-03-04T08:15:30.512Z' },
			]);
			expect(numeric).toMatchObject({ timestamp: '2025-03-04T08:15:30.512Z', warnings: [] });
			expect(iso).toMatchObject({ timestamp: '2025-03-04T08:15:30.512Z', warnings: [] });
		});

		it('reads a status event whose timestamp is out of range', () => {
			const result = normaliseDelivery({ trigger: 'conversation:read', appUser: { _id: 'user1' }, timestamp: -1e300 });
			expect(result.ok && result.events[0]).toMatchObject({ appUserId: 'user1', timestamp: null, warnings: [expect.stringContaining('timestamp')] });
		});

		it('keeps a media URL whose file name has a broken % escape, with the name as written', () => {
			const url = 'https://media.smooch.io/apps/a1/Invoice 100%.pdf';
			const [event] = delivered([{ ...good, type: 'file', mediaUrl: url, mediaType: 'application/pdf' }]);
			expect(event.media).toEqual({ url, mimeType: 'application/pdf', fileName: 'Invoice 100%.pdf', size: null });
			expect(event.warnings).toEqual([]);
		});

		it('skips an empty message object, and anything that is not a message, saying so for the log', () => {
			const result = normaliseDelivery({ ...envelope, messages: [{}, null, 'hi', good] });
			expect(result.ok && result.events.map((event) => event.messageId)).toEqual(['ok1']);
			expect(result.ok && result.skipped).toEqual([
				expect.stringContaining('messages[0] has no id, text'),
				expect.stringContaining('messages[1] is null'),
				expect.stringContaining('messages[2] is "hi"'),
			]);
			expect(normaliseDelivery({ ...envelope, messages: [{}] })).toMatchObject({ ok: true, events: [], skipped: [expect.any(String)] });
		});

		it('reads wrong-typed fields as null with a note per field, and the rest of the message as usual', () => {
			const [event] = delivered([
				{ _id: 42, type: ['text'], text: { body: 'hi' }, role: 'appUser', name: 7, received: 1741076130, mediaUrl: 12, source: 'whatsapp', coordinates: { lat: 'north', long: 1 } },
			]);
			expect(event).toMatchObject({ messageId: '42', type: 'unknown', text: null, displayName: 'Thandi', media: null, location: null, sourceType: null, timestamp: '2025-03-04T08:15:30.000Z' });
			const fields = event.warnings.map((warning) => warning.split(' ')[0]);
			expect(fields.sort()).toEqual(['messages[0].coordinates', 'messages[0].mediaUrl', 'messages[0].name', 'messages[0].source', 'messages[0].text', 'messages[0].type']);
		});

		it('gives the good messages of a mixed delivery, and the note on the malformed one', () => {
			const result = normaliseDelivery({
				...envelope,
				messages: [good, { _id: 'bad', role: 'appUser', received: 1e30, mediaUrl: 'https://media.smooch.io/%E0%A4%A.jpg' }, {}, { ...good, _id: 'ok3' }],
			});
			expect(result.ok && result.events.map((event) => [event.messageId, event.warnings.length])).toEqual([
				['ok1', 0],
				['bad', 1],
				['ok3', 0],
			]);
		});

		it('reads one message sent as an object instead of a list', () => {
			const result = normaliseDelivery({ ...envelope, messages: good });
			expect(result.ok && result.events).toEqual([expect.objectContaining({ messageId: 'ok1', warnings: [expect.stringContaining('not a list')] })]);
		});
	});

	describe('raw: each event carries its own part of the delivery', () => {
		it('holds the envelope and this message, not the other messages', () => {
			const messages = [1, 2, 3].map((n) => ({ _id: `m${n}`, role: 'appUser', type: 'text', text: `message ${n}`, received: n }));
			const events = delivered(messages);
			events.forEach((event, index) => {
				expect(event.raw).toEqual({ ...envelope, messages: [messages[index]] });
			});
		});
	});

	describe('customers without a phone number', () => {
		const bsuid = 'ZA.13491208655302741918';
		const phoneless = {
			...envelope,
			client: { platform: 'whatsapp', externalId: bsuid, raw: { user_id: bsuid, profile: { name: 'Thandi', username: '@thandi' } } },
		};
		const message = { _id: 'm1', role: 'appUser', type: 'text', text: 'Hi', received: 1 };

		it('gives no phone for a business-scoped user id, and carries that id and the username under their names', () => {
			const result = normaliseDelivery({ ...phoneless, messages: [message] });
			expect(result.ok && result.events[0]).toMatchObject({
				appUserId: 'user1',
				phone: null,
				businessScopedUserId: bsuid,
				username: '@thandi',
				displayName: 'Thandi',
			});
		});

		it('gives the phone and the business-scoped user id when WhatsApp gives both', () => {
			const both = { ...envelope, client: { ...envelope.client, raw: { ...envelope.client.raw, user_id: bsuid } } };
			const result = normaliseDelivery({ ...both, messages: [message] });
			expect(result.ok && result.events[0]).toMatchObject({ phone: '+27821234567', businessScopedUserId: bsuid, username: null });
		});

		it('makes no phone out of any id that is not a number', () => {
			for (const externalId of [bsuid, 'US.ENT.11815799212886844830', 'user-27821234567', '5f2b9c7e1d3a4b0012c4e8f1', '1234567890123456789']) {
				const result = normaliseDelivery({ ...envelope, client: { externalId, raw: { from: externalId } }, messages: [message] });
				expect(result.ok && result.events[0].phone).toBeNull();
			}
		});

		it('reads a notification status sent to a business-scoped user id without a phone', () => {
			const result = normaliseDelivery({ trigger: 'notification:delivery:user', destination: { type: 'whatsapp', destinationId: bsuid }, timestamp: 1 });
			expect(result.ok && result.events[0]).toMatchObject({ phone: null, businessScopedUserId: bsuid });
		});
	});
});
