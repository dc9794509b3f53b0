/**
 * The body Channel360 posts for a customer message (message:appUser), built by the sandbox's
 * own payload builder so that it has the real delivery shape. The load generators fill the
 * placeholders per request: a unique message id (so the trigger's duplicate filter lets every
 * request through) and one of N customers.
 */
import { messageAppUserEvent } from '../sandbox/payloads';
import type { AppUserRecord, Organisation, SmoochMessage } from '../sandbox/store';

export const MESSAGE_ID = '__MSGID__';
export const APP_USER_ID = '__APPUSER__';
export const PHONE_DIGITS = '__PHONE__';

/** Customer number k (0-based) as digits: South African mobiles 2782xxxxxxx. */
export function customerPhoneDigits(index: number): string {
	return String(27820000000 + index);
}

export function customerAppUserId(index: number): string {
	return `benchappuser${String(index).padStart(12, '0')}`;
}

/** The delivery body with placeholders, as JSON text. */
export function deliveryBodyTemplate(orgId: string, receivedAtMs: number): string {
	const org: Organisation = {
		orgId,
		name: 'Bench organisation',
		appId: '5f0c8a6e2b1d4c0012a3b4c5',
		integrationId: '5f0c8a6e2b1d4c0012a3b4c6',
		appMakerId: '5f0c8a6e2b1d4c0012a3b4c7',
	};
	const user: AppUserRecord = {
		appUserId: APP_USER_ID,
		orgId,
		phoneDigits: PHONE_DIGITS,
		name: 'Bench Customer',
		conversationId: '5f0c8a6e2b1d4c0012a3b4c8',
		clientId: '5f0c8a6e2b1d4c0012a3b4c9',
		knownToChannel360: false,
		messages: [],
	};
	const message: SmoochMessage = {
		_id: MESSAGE_ID,
		type: 'text',
		role: 'appUser',
		authorId: APP_USER_ID,
		name: 'Bench Customer',
		text: 'Hi, where is my order?',
		received: receivedAtMs / 1000,
		source: {
			type: 'whatsapp',
			integrationId: org.integrationId,
			originalMessageId: 'wamid.HBgLMjc4MjAwMDAwMDAVAgASGBQzRUIwQkVOQ0gwMDAwMDAwMDAwMDAA',
			originalMessageTimestamp: Math.floor(receivedAtMs / 1000),
		},
	};
	return JSON.stringify(messageAppUserEvent(org, user, message, receivedAtMs));
}

/** The template with request number `sequence` filled in (for the node load generator). */
export function fillDeliveryBody(template: string, runPrefix: string, sequence: number, customers: number): string {
	const customer = sequence % customers;
	return template
		.replaceAll(MESSAGE_ID, `${runPrefix}${sequence}`)
		.replaceAll(APP_USER_ID, customerAppUserId(customer))
		.replaceAll(PHONE_DIGITS, customerPhoneDigits(customer));
}
