/**
 * Smooch v1.1 webhook bodies, as Channel360 forwards them to customer targets (shapes from
 * docs/channel360-api.md, "Payload shapes"). Smooch registered its hooks without
 * includeFullAppUser, so `appUser` is always the short form.
 */
import { whatsappMessageId } from './ids';
import type { AppUserRecord, Organisation, SmoochMessage } from './store';
import type { SandboxNotification } from './types';

const seconds = (epochMs: number): number => epochMs / 1000;

function envelope(trigger: string, org: Organisation) {
	return { trigger, app: { _id: org.appId }, version: 'v1.1' };
}

const shortAppUser = (user: AppUserRecord) => ({ _id: user.appUserId, conversationStarted: true });

/** How WhatsApp shows a number: +27 82 123 4567 for South African mobiles. */
export function displayPhone(digits: string): string {
	const sa = /^27(\d{2})(\d{3})(\d{4})$/.exec(digits);
	return sa ? `+27 ${sa[1]} ${sa[2]} ${sa[3]}` : `+${digits}`;
}

/**
 * Smooch adds the sending channel's client to message:appUser; the phone is only here. A
 * customer who hides their number (WhatsApp usernames) has none: Meta gives their business-scoped
 * user id (`user_id`) and username instead, which the sandbox puts where Smooch puts WhatsApp's
 * ids [inferred: no public Smooch/Channel360 example of such a payload exists yet].
 */
function clientIdentity(user: AppUserRecord) {
	if (user.phoneDigits) {
		return {
			externalId: user.phoneDigits,
			displayName: displayPhone(user.phoneDigits),
			raw: { from: user.phoneDigits, profile: { name: user.name ?? '' } },
		};
	}
	const profile = { name: user.name ?? '', ...(user.username ? { username: user.username } : {}) };
	return {
		externalId: user.businessScopedUserId,
		displayName: user.username ?? user.name ?? '',
		raw: { user_id: user.businessScopedUserId, profile },
	};
}

function clientBlock(org: Organisation, user: AppUserRecord, atMs: number) {
	return {
		platform: 'whatsapp',
		integrationId: org.integrationId,
		...clientIdentity(user),
		active: true,
		primary: true,
		id: user.clientId,
		lastSeen: new Date(atMs).toISOString(),
	};
}

export function messageAppUserEvent(org: Organisation, user: AppUserRecord, message: SmoochMessage, atMs: number) {
	return {
		...envelope('message:appUser', org),
		appUser: shortAppUser(user),
		conversation: { _id: user.conversationId },
		client: clientBlock(org, user, atMs),
		messages: [message],
	};
}

/** Business messages (replies, delivered templates, agents, opt confirmations): same envelope, no client block. */
export function messageAppMakerEvent(org: Organisation, user: AppUserRecord, message: SmoochMessage) {
	return {
		...envelope('message:appMaker', org),
		appUser: shortAppUser(user),
		conversation: { _id: user.conversationId },
		messages: [message],
	};
}

export const RE_ENGAGEMENT_ERROR = {
	code: 131047,
	title: 'Re-engagement message',
	message: 'More than 24 hours have passed since the recipient last replied to the sender number.',
};

/** A /reply that WhatsApp refused because the 24-hour window was closed. */
export function messageDeliveryFailureEvent(org: Organisation, user: AppUserRecord, messageId: string, atMs: number) {
	return {
		...envelope('message:delivery:failure', org),
		appUser: shortAppUser(user),
		conversation: { _id: user.conversationId },
		destination: { type: 'whatsapp', integrationId: org.integrationId },
		message: { _id: messageId },
		error: { code: 'bad_request', underlyingError: { errors: [RE_ENGAGEMENT_ERROR] } },
		isFinalEvent: true,
		timestamp: seconds(atMs),
	};
}

export type NotificationTrigger = 'notification:delivery:channel' | 'notification:delivery:user' | 'notification:delivery:failure';

/** `notification._id` is Channel360's id: its webhook service swaps Smooch's id for its own. */
export function notificationEvent(
	trigger: NotificationTrigger,
	org: Organisation,
	user: AppUserRecord,
	notification: SandboxNotification,
	atMs: number,
	error?: { code?: string; message: string },
) {
	return {
		...envelope(trigger, org),
		// The number the business sent the template to, digits only.
		destination: { type: 'whatsapp', integrationId: org.integrationId, destinationId: notification.destination.replace(/\D/g, '') },
		notification: { _id: notification.id },
		matchResult: { appUser: shortAppUser(user), conversation: { _id: user.conversationId } },
		externalMessages: [{ id: whatsappMessageId() }],
		...(error ? { error: { ...error, underlyingError: { status: 400, message: error.message } } } : {}),
		// Smooch marks the last event of a notification; :channel is always followed by another.
		isFinalEvent: trigger !== 'notification:delivery:channel',
		timestamp: seconds(atMs),
	};
}

export function conversationReadEvent(org: Organisation, user: AppUserRecord, atMs: number) {
	return {
		...envelope('conversation:read', org),
		appUser: shortAppUser(user),
		conversation: { _id: user.conversationId },
		source: { type: 'whatsapp', integrationId: org.integrationId },
		timestamp: seconds(atMs),
	};
}

/** No payload is documented for flow:submission; this is the Smooch-style guess the reference suggests. */
export function flowSubmissionEvent(org: Organisation, user: AppUserRecord, message: SmoochMessage, flowToken: string | undefined, atMs: number) {
	return {
		...envelope('flow:submission', org),
		appUser: shortAppUser(user),
		conversation: { _id: user.conversationId },
		client: clientBlock(org, user, atMs),
		messages: [message],
		...(flowToken ? { flow_token: flowToken } : {}),
	};
}
