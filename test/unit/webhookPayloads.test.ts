/**
 * Every real webhook body in ../shared/research/webhook-payloads (public Smooch and Channel360
 * examples and a capture; provenance in its README) through the normaliser: the fields each one
 * really has, none invented, no phone number where the body gives none.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { normaliseDelivery, type NormalisedEvent } from '../../nodes/Channel360/core/normalise';

const FOLDER = join('shared', 'research', 'webhook-payloads');

/** ../shared beside the repository (CI, the main checkout), or beside a worktree's parent. */
function payloadFolder(): string {
	for (let dir = resolve(__dirname, '..', '..', '..'); ; dir = dirname(dir)) {
		if (existsSync(join(dir, FOLDER))) return join(dir, FOLDER);
		if (dirname(dir) === dir) throw new Error(`No ${FOLDER} beside the repository: clone the shared folder next to it`);
	}
}

type Expected = Partial<Omit<NormalisedEvent, 'raw' | 'atMs'>>;

/** What each file really says, read from the file itself. */
const EXPECTED: Record<string, Expected[]> = {
	'channel360-captured-notification-delivery-user.json': [
		{
			event: 'notification:delivery:user',
			direction: 'status',
			status: 'deliveredToUser',
			appUserId: '22ea5bafd1935658394fa73f',
			conversationId: '7ad750130c88d9655e1c09a2',
			phone: '+27656225667',
			businessScopedUserId: null,
			notificationId: 'a24f5616-0f03-4903-997c-ea4fabdcb973',
			whatsappMessageId: 'wamid.HBgLMjc2NTUxODkxMDAVAgARGBI3RDQyN0U4NEU1RkNGQ0IxMEQA',
			sourceType: 'whatsapp',
			timestamp: '2023-08-28T13:59:00.549Z',
			warnings: [],
		},
	],
	'channel360-test-conversation-read.json': [
		{ event: 'conversation:read', status: 'read', appUserId: '2t6c9d342wbt9di', conversationId: 'kcq3arqnbdydw78', phone: null, timestamp: null, warnings: [] },
	],
	'channel360-test-notification-delivery-channel.json': [
		{
			event: 'notification:delivery:channel',
			status: 'deliveredToChannel',
			appUserId: '371ee95e05c4194efd0ad662',
			conversationId: 'e872d673749b8e9a0fa3ed3a',
			phone: '+27656225667',
			notificationId: '4361f976-f4a8-4082-88b5-0sghjkd75f22f8',
			timestamp: null,
			warnings: [],
		},
	],
	'channel360-test-notification-delivery-failure.json': [
		{ event: 'notification:delivery:failure', status: 'failed', appUserId: null, phone: '+27656225667', error: null, timestamp: null, warnings: [] },
	],
	'smooch-v1-conversation-read.json': [
		{ event: 'conversation:read', appUserId: '7685787bf0e9e8cf56182288', conversationId: null, phone: null, sourceType: 'messenger', timestamp: '2016-11-28T16:09:52.103Z', warnings: [] },
	],
	'smooch-v1-message-appMaker-carousel.json': [
		{
			event: 'message:appMaker',
			direction: 'outbound',
			appUserId: 'c7f6e6d6c3a637261bd9656f',
			messageId: '5887c9117e4de029005f1fc6',
			type: 'carousel',
			text: null,
			media: null,
			phone: null,
			sourceType: 'api',
			timestamp: '2017-01-24T21:37:21.303Z',
			warnings: [],
		},
	],
	'smooch-v1-message-appUser-image.json': [
		{
			event: 'message:appUser',
			direction: 'inbound',
			appUserId: 'c7f6e6d6c3a637261bd9656f',
			conversationId: null,
			messageId: '55c8c1498590aa1900b9b9b1',
			type: 'image',
			text: null,
			media: { url: 'http://www.tacobueno.com/media/1338/partytacolarge.png?quality=65', mimeType: null, fileName: 'partytacolarge.png', size: null },
			displayName: 'Steve',
			phone: null,
			businessScopedUserId: null,
			username: null,
			sourceType: 'messenger',
			timestamp: '2015-10-08T23:52:18.704Z',
			warnings: [],
		},
	],
	'smooch-v1-message-appUser-location.json': [
		{
			event: 'message:appUser',
			appUserId: 'c7f6e6d6c3a637261bd9656f',
			messageId: '5887c22356c66904009ad602',
			type: 'location',
			location: { latitude: 45.5261583, longitude: -73.595346 },
			phone: null,
			displayName: null,
			timestamp: '2017-01-24T21:07:47.601Z',
			warnings: [],
		},
	],
	'smooch-v1.1-message-appUser-text.json': [
		{
			event: 'message:appUser',
			direction: 'inbound',
			appUserId: 'c7f6e6d6c3a637261bd9656f',
			conversationId: '105e47578be874292d365ee8',
			messageId: '55c8c1498590aa1900b9b9b1',
			type: 'text',
			text: 'Hi! Do you have time to chat?',
			displayName: 'Steve',
			phone: null,
			sourceType: 'messenger',
			timestamp: '2015-10-08T23:52:18.704Z',
			warnings: [],
		},
	],
	'smooch-v1.1-message-appUser-with-client.json': [
		{
			event: 'message:appUser',
			appUserId: 'c7f6e6d6c3a637261bd9656f',
			conversationId: '105e47578be874292d365ee8',
			text: 'Hi! Do you have time to chat?',
			displayName: 'Steve',
			// A web client: no number anywhere in the body.
			phone: null,
			businessScopedUserId: null,
			username: null,
			warnings: [],
		},
	],
	'smooch-v1.1-message-delivery-failure.json': [
		{
			event: 'message:delivery:failure',
			direction: 'status',
			status: 'failed',
			appUserId: 'de13bee15b51033b34162411',
			conversationId: '105e47578be874292d365ee8',
			messageId: '5baa610db5bebb000ce855d6',
			phone: null,
			sourceType: 'line',
			error: {
				code: 'unauthorized',
				message: 'Authentication failed due to the following reason: invalid token. Confirm that the access token in the authorization header is valid.',
			},
			timestamp: '2016-11-24T15:35:11.941Z',
			warnings: [],
		},
	],
};

describe('the real webhook payloads in ../shared/research/webhook-payloads', () => {
	const folder = payloadFolder();
	const files = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();

	it('has an expectation for every file, so a new payload cannot go untested', () => {
		expect(files).toEqual(Object.keys(EXPECTED).sort());
	});

	it.each(files)('%s: the fields it really has, no invented phone', (file) => {
		const body = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>;
		const result = normaliseDelivery(body);
		if (!result.ok) throw new Error(result.reason);
		expect(result.skipped).toEqual([]);
		expect(result.events).toHaveLength(EXPECTED[file].length);
		result.events.forEach((event, index) => {
			expect(event).toMatchObject(EXPECTED[file][index]);
			// A phone only where the body has those very digits.
			if (event.phone) expect(JSON.stringify(body)).toContain(`"${event.phone.slice(1)}"`);
			// raw is the event's own part of the body, nothing added.
			const { messages, ...envelope } = body;
			expect(event.raw).toEqual(Array.isArray(messages) ? { ...envelope, messages: [messages[index]] } : body);
		});
	});
});
