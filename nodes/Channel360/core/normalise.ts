/**
 * Turns a Channel360 webhook delivery (a Smooch v1.1 body, see docs/channel360-api.md) into
 * flat events, one per message, that are easy to map in n8n's UI. Pure.
 */
import { authorOfRole, receivedToMs, type HistoryMessage } from './conversation';
import { digitsOf } from './phone';

export type Direction = 'inbound' | 'outbound' | 'status';

export interface NormalisedMedia {
	url: string;
	mimeType: string | null;
	fileName: string | null;
	size: number | null;
}

export interface NormalisedEvent {
	event: string;
	direction: Direction;
	appUserId: string | null;
	conversationId: string | null;
	/** E.164, e.g. +27821234567, when the delivery names the customer's number. */
	phone: string | null;
	displayName: string | null;
	messageId: string | null;
	/** text, image, video, audio, file, location, interactiveReply, flowSubmission, or the status. */
	type: string;
	text: string | null;
	media: NormalisedMedia | null;
	/** The button or list row a customer picked. */
	reply: { id: string; title: string | null } | null;
	/** A shared location (Smooch `coordinates`). */
	location: { latitude: number; longitude: number } | null;
	/** A WhatsApp Flow submission: the customer's answers, parsed, and the business's flow token. */
	flow: { response: unknown; token: string | null } | null;
	/** How the message was sent: whatsapp (by the customer), api, notification, ... */
	sourceType: string | null;
	notificationId: string | null;
	/** Notification delivery state: deliveredToChannel, deliveredToUser, failed, read. */
	status: string | null;
	error: { code: string | null; message: string | null } | null;
	/** WhatsApp's own message id (wamid), when given. */
	whatsappMessageId: string | null;
	/** When the message was sent or the status happened (ISO). */
	timestamp: string | null;
	/** Epoch ms of `timestamp`, for window arithmetic; not part of the output item. */
	atMs: number | null;
}

export type NormaliseResult = { ok: true; trigger: string; events: NormalisedEvent[] } | { ok: false; reason: string };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function phoneFromDigits(value: unknown): string | null {
	if (typeof value !== 'string' && typeof value !== 'number') return null;
	const digits = digitsOf(String(value));
	return digits.length >= 6 ? `+${digits}` : null;
}

function isoFromMs(ms: number | undefined): string | null {
	return ms === undefined ? null : new Date(ms).toISOString();
}

const STATUS_BY_TRIGGER: Record<string, string> = {
	'notification:delivery:channel': 'deliveredToChannel',
	'notification:delivery:user': 'deliveredToUser',
	'notification:delivery:failure': 'failed',
	'message:delivery:failure': 'failed',
	'conversation:read': 'read',
};

function mediaKind(message: HistoryMessage): string {
	const mime = typeof message.mediaType === 'string' ? message.mediaType.toLowerCase() : '';
	if (message.type === 'image' || mime.startsWith('image/')) return 'image';
	if (mime.startsWith('video/')) return 'video';
	if (mime.startsWith('audio/')) return 'audio';
	return 'file';
}

function fileNameOf(url: string): string | null {
	const path = url.split(/[?#]/)[0];
	const name = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
	return name || null;
}

/** The whatsapp error a failure event carries, in its usual Smooch nesting. */
function errorOf(payload: Json): NormalisedEvent['error'] {
	const error = payload.error;
	if (!isObject(error)) return null;
	const underlying = isObject(error.underlyingError) ? error.underlyingError : undefined;
	const nested = underlying && Array.isArray(underlying.errors) && isObject(underlying.errors[0]) ? underlying.errors[0] : undefined;
	const code = nested?.code ?? error.code;
	const message = nested?.message ?? nested?.title ?? underlying?.message ?? error.message ?? error.description;
	return {
		code: code === undefined || code === null ? null : String(code),
		message: typeof message === 'string' ? message : null,
	};
}

function locationOf(message: HistoryMessage): NormalisedEvent['location'] {
	const coordinates = isObject(message.coordinates) ? message.coordinates : undefined;
	const latitude = Number(coordinates?.lat);
	const longitude = Number(coordinates?.long);
	return coordinates && Number.isFinite(latitude) && Number.isFinite(longitude) ? { latitude, longitude } : null;
}

/** The submission arrives as JSON text [inferred]; anything that does not parse stays text. */
function parsedFlowResponse(text: string | null): unknown {
	if (text === null) return null;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

function messageEvent(payload: Json, trigger: string, message: HistoryMessage): NormalisedEvent {
	const client = isObject(payload.client) ? payload.client : {};
	const raw = isObject(client.raw) ? client.raw : {};
	const profile = isObject(raw.profile) ? raw.profile : {};
	const author = authorOfRole(message.role);
	const atMs = receivedToMs(message.received);
	const source = isObject(message.source) ? message.source : {};
	const hasMedia = typeof message.mediaUrl === 'string' && message.mediaUrl !== '';
	const payloadValue = stringOrNull(message.payload);

	let type = typeof message.type === 'string' ? message.type : 'unknown';
	let text = stringOrNull(message.text);
	if (hasMedia) type = mediaKind(message);
	if (payloadValue !== null) type = 'interactiveReply';
	if (trigger === 'flow:submission') type = 'flowSubmission';
	// Smooch puts the media URL in `text` when a media message has no caption.
	if (hasMedia && text === message.mediaUrl) text = null;

	return {
		event: trigger,
		direction: author === 'business' ? 'outbound' : 'inbound',
		appUserId: stringOrNull(isObject(payload.appUser) ? payload.appUser._id : undefined) ?? (author === 'customer' ? stringOrNull(message.authorId) : null),
		conversationId: stringOrNull(isObject(payload.conversation) ? payload.conversation._id : undefined),
		phone: author === 'customer' ? phoneFromDigits(client.externalId ?? raw.from) : null,
		displayName: author === 'customer' ? stringOrNull(profile.name) ?? stringOrNull(message.name) : stringOrNull(message.name),
		messageId: stringOrNull(message._id),
		type,
		text,
		media: hasMedia
			? {
					url: message.mediaUrl as string,
					mimeType: stringOrNull(message.mediaType),
					fileName: fileNameOf(message.mediaUrl as string),
					size: typeof message.mediaSize === 'number' ? message.mediaSize : null,
				}
			: null,
		reply: payloadValue !== null ? { id: payloadValue, title: text } : null,
		location: locationOf(message),
		flow: trigger === 'flow:submission' ? { response: parsedFlowResponse(text), token: stringOrNull(payload.flow_token) } : null,
		sourceType: stringOrNull(source.type),
		notificationId: null,
		status: null,
		error: null,
		whatsappMessageId: stringOrNull(source.originalMessageId),
		timestamp: isoFromMs(atMs),
		atMs: atMs ?? null,
	};
}

function statusEvent(payload: Json, trigger: string): NormalisedEvent {
	const matched = isObject(payload.matchResult) ? payload.matchResult : {};
	const appUser = isObject(payload.appUser) ? payload.appUser : isObject(matched.appUser) ? matched.appUser : {};
	const conversation = isObject(payload.conversation)
		? payload.conversation
		: isObject(matched.conversation)
			? matched.conversation
			: {};
	const destination = isObject(payload.destination) ? payload.destination : {};
	const notification = isObject(payload.notification) ? payload.notification : {};
	const message = isObject(payload.message) ? payload.message : {};
	const external = Array.isArray(payload.externalMessages) && isObject(payload.externalMessages[0]) ? payload.externalMessages[0] : {};
	const atMs = receivedToMs(payload.timestamp);
	return {
		event: trigger,
		direction: 'status',
		appUserId: stringOrNull(appUser._id),
		conversationId: stringOrNull(conversation._id),
		phone: phoneFromDigits(destination.destinationId),
		displayName: null,
		messageId: stringOrNull(message._id),
		type: STATUS_BY_TRIGGER[trigger] ?? trigger,
		text: null,
		media: null,
		reply: null,
		location: null,
		flow: null,
		sourceType: stringOrNull(isObject(payload.source) ? payload.source.type : destination.type),
		notificationId: stringOrNull(notification._id),
		status: STATUS_BY_TRIGGER[trigger] ?? null,
		error: errorOf(payload),
		whatsappMessageId: stringOrNull(external.id),
		timestamp: isoFromMs(atMs),
		atMs: atMs ?? null,
	};
}

/** Validates the envelope and returns one event per message (or one for a status event). */
export function normaliseDelivery(body: unknown): NormaliseResult {
	if (!isObject(body)) return { ok: false, reason: 'the body is not a JSON object' };
	const trigger = body.trigger;
	if (typeof trigger !== 'string' || trigger === '') {
		return { ok: false, reason: 'the body has no "trigger" field naming the Channel360 event' };
	}
	if (Array.isArray(body.messages)) {
		const messages = body.messages.filter(isObject) as HistoryMessage[];
		if (messages.length === 0) return { ok: false, reason: `the "${trigger}" event has no messages` };
		return { ok: true, trigger, events: messages.map((message) => messageEvent(body, trigger, message)) };
	}
	if (trigger.startsWith('message:') && trigger !== 'message:delivery:failure') {
		return { ok: false, reason: `the "${trigger}" event has no "messages" array` };
	}
	return { ok: true, trigger, events: [statusEvent(body, trigger)] };
}

/** A key that is the same for every delivery of one event, to drop duplicates. */
export function deduplicationKey(event: NormalisedEvent): string {
	if (event.messageId) return `${event.event}|${event.messageId}`;
	return [event.event, event.notificationId ?? '', event.appUserId ?? '', event.timestamp ?? ''].join('|');
}
