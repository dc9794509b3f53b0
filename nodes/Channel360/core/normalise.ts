/**
 * Turns a Channel360 webhook delivery (a Smooch v1.1 body, see docs/channel360-api.md) into
 * flat events, one per message, that are easy to map in n8n's UI. Pure.
 */
import { authorOfRole, receivedToMs } from './conversation';
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
	/**
	 * E.164, e.g. +27821234567, only when the delivery gives the customer's number as a number;
	 * never made from another id (a WhatsApp username hides the number).
	 */
	phone: string | null;
	/** Meta's business-scoped user id (BSUID, e.g. `ZA.13491208655302741918`), when given. */
	businessScopedUserId: string | null;
	/** The customer's WhatsApp username, when they use one and the delivery gives it. */
	username: string | null;
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
	/** Fields of this event the delivery gave in a form that could not be read (they are null above). */
	warnings: string[];
	/** Epoch ms of `timestamp`, for window arithmetic; not part of the output item. */
	atMs: number | null;
	/**
	 * This event's own part of the delivery: the envelope without the other messages, and this
	 * message. An item carries it as `raw`, so a delivery of n messages costs n parts, not n bodies.
	 */
	raw: Json;
}

export type NormaliseResult =
	| {
			ok: true;
			trigger: string;
			events: NormalisedEvent[];
			/** What in the delivery started no event, and why (for n8n's log). */
			skipped: string[];
	  }
	| { ok: false; reason: string };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** How a value looks in a warning: short, and never a whole object. */
function shown(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	return typeof value === 'object' ? 'an object' : String(value);
}

/**
 * Reads fields of one part of the delivery, noting each field that is there but not in a
 * readable form. A missing field is no warning: Smooch leaves out what does not apply.
 */
class FieldReader {
	constructor(
		private readonly at: string,
		private readonly warnings: string[],
	) {}

	warn(field: string, value: unknown, expected: string): void {
		this.warnings.push(`${this.at}${field} is ${shown(value)}, not ${expected}; it is left out`);
	}

	string(object: Json, field: string): string | null {
		const value = object[field];
		if (value === undefined || value === null || value === '') return null;
		if (typeof value === 'string') return value;
		this.warn(field, value, 'text');
		return null;
	}

	/** An id: text, or a number written as text. */
	id(object: Json, field: string): string | null {
		const value = object[field];
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
		return this.string(object, field);
	}

	object(object: Json, field: string): Json {
		const value = object[field];
		if (value === undefined || value === null) return {};
		if (isObject(value)) return value;
		this.warn(field, value, 'an object');
		return {};
	}

	number(object: Json, field: string): number | null {
		const value = object[field];
		if (value === undefined || value === null) return null;
		if (typeof value === 'number' && Number.isFinite(value)) return value;
		this.warn(field, value, 'a number');
		return null;
	}

	/** A time Smooch gives in seconds (or ms, or ISO text); null and a warning when a Date cannot hold it. */
	time(object: Json, field: string): number | null {
		const value = object[field];
		if (value === undefined || value === null) return null;
		const ms = receivedToMs(value);
		if (ms === undefined) this.warn(field, value, 'a time');
		return ms ?? null;
	}
}

/**
 * The customer's number, only where the field is a phone number: digits with at most a leading
 * `+` and the spaces, dashes and brackets people write (6 to 15 digits, E.164's longest). Any
 * other id, such as a business-scoped user id `ZA.13491208655302741918`, is not a number.
 */
export function phoneFromDigits(value: unknown): string | null {
	const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
	if (typeof text !== 'string' || !/^\+?\d[\d ()-]*$/.test(text.trim())) return null;
	const digits = digitsOf(text);
	return digits.length >= 6 && digits.length <= 15 ? `+${digits}` : null;
}

/**
 * Meta's business-scoped user id: a country code, a dot, optionally `ENT.` (a parent BSUID), and
 * letters and digits [documented by Meta, e.g. `US.13491208655302741918`].
 */
const BSUID_PATTERN = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]+$/;
const bsuidOrNull = (value: unknown): string | null =>
	typeof value === 'string' && BSUID_PATTERN.test(value) ? value : null;

function isoFromMs(ms: number | null): string | null {
	return ms === null ? null : new Date(ms).toISOString();
}

const STATUS_BY_TRIGGER: Record<string, string> = {
	'notification:delivery:channel': 'deliveredToChannel',
	'notification:delivery:user': 'deliveredToUser',
	'notification:delivery:failure': 'failed',
	'message:delivery:failure': 'failed',
	'conversation:read': 'read',
};

function mediaKind(type: string, mimeType: string | null): string {
	const mime = mimeType?.toLowerCase() ?? '';
	if (type === 'image' || mime.startsWith('image/')) return 'image';
	if (mime.startsWith('video/')) return 'video';
	if (mime.startsWith('audio/')) return 'audio';
	return 'file';
}

/** The file name at the end of a URL's path; a customer's own `%` in it need not be a valid escape. */
function fileNameOf(url: string): string | null {
	const path = url.split(/[?#]/)[0];
	const name = path.slice(path.lastIndexOf('/') + 1);
	try {
		return decodeURIComponent(name) || null;
	} catch {
		return name || null;
	}
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
		code: typeof code === 'string' || typeof code === 'number' ? String(code) : null,
		message: typeof message === 'string' ? message : null,
	};
}

const coordinateOf = (value: unknown): number =>
	typeof value === 'number' || (typeof value === 'string' && value.trim() !== '') ? Number(value) : NaN;

function locationOf(message: Json, read: FieldReader): NormalisedEvent['location'] {
	if (message.coordinates === undefined || message.coordinates === null) return null;
	const coordinates = read.object(message, 'coordinates');
	const latitude = coordinateOf(coordinates.lat);
	const longitude = coordinateOf(coordinates.long);
	if (Number.isFinite(latitude) && Number.isFinite(longitude)) return { latitude, longitude };
	if (isObject(message.coordinates)) read.warn('coordinates', message.coordinates, 'a latitude and longitude');
	return null;
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

/**
 * Who the customer is, from the `client` block Smooch adds to message events: the number only
 * where WhatsApp gives one (`externalId` / `raw.from` = wa_id), Meta's business-scoped user id
 * (`raw.user_id`, or an `externalId` in BSUID form) and username (`raw.profile.username`)
 * [inferred: Meta's webhook names carried into Smooch's client.raw].
 */
function customerIdentity(payload: Json, read: FieldReader) {
	const client = read.object(payload, 'client');
	const raw = isObject(client.raw) ? client.raw : {};
	const profile = isObject(raw.profile) ? raw.profile : {};
	return {
		phone: phoneFromDigits(client.externalId) ?? phoneFromDigits(raw.from) ?? phoneFromDigits(raw.wa_id),
		businessScopedUserId: bsuidOrNull(raw.user_id) ?? bsuidOrNull(raw.from_user_id) ?? bsuidOrNull(client.externalId),
		username: stringOrNull(profile.username) ?? stringOrNull(raw.username),
		profileName: stringOrNull(profile.name),
	};
}

/** Fields that make a message something a workflow can act on; without all of them it is skipped. */
const MESSAGE_CONTENT_FIELDS = ['_id', 'text', 'mediaUrl', 'payload', 'coordinates', 'received', 'type'];

/** This message's part of the delivery: the envelope without the other messages. */
function rawPart(payload: Json, message: Json): Json {
	return { ...payload, messages: [message] };
}

function messageEvent(payload: Json, trigger: string, message: Json, index: number): NormalisedEvent {
	const warnings: string[] = [];
	const read = new FieldReader(`messages[${index}].`, warnings);
	const envelope = new FieldReader('', warnings);
	const author = authorOfRole(message.role) ?? (trigger === 'message:appMaker' ? 'business' : trigger === 'message:appUser' ? 'customer' : undefined);
	if (message.role !== undefined && authorOfRole(message.role) === undefined) read.warn('role', message.role, '"appUser" or "appMaker"');
	const atMs = read.time(message, 'received');
	const source = read.object(message, 'source');
	const mediaUrl = read.string(message, 'mediaUrl');
	const mimeType = read.string(message, 'mediaType');
	const payloadValue = read.id(message, 'payload');
	const appUser = envelope.object(payload, 'appUser');
	const conversation = envelope.object(payload, 'conversation');
	const customer = author === 'customer' ? customerIdentity(payload, envelope) : undefined;

	let type = read.string(message, 'type') ?? 'unknown';
	let text = read.string(message, 'text');
	if (mediaUrl !== null) type = mediaKind(type, mimeType);
	if (payloadValue !== null) type = 'interactiveReply';
	if (trigger === 'flow:submission') type = 'flowSubmission';
	// Smooch puts the media URL in `text` when a media message has no caption.
	if (mediaUrl !== null && text === mediaUrl) text = null;
	const name = read.string(message, 'name');

	return {
		event: trigger,
		direction: author === 'business' ? 'outbound' : 'inbound',
		appUserId: envelope.id(appUser, '_id') ?? (author === 'customer' ? read.id(message, 'authorId') : null),
		conversationId: envelope.id(conversation, '_id'),
		phone: customer?.phone ?? null,
		businessScopedUserId: customer?.businessScopedUserId ?? null,
		username: customer?.username ?? null,
		displayName: customer ? (customer.profileName ?? name) : name,
		messageId: read.id(message, '_id'),
		type,
		text,
		media:
			mediaUrl !== null
				? { url: mediaUrl, mimeType, fileName: fileNameOf(mediaUrl), size: read.number(message, 'mediaSize') }
				: null,
		reply: payloadValue !== null ? { id: payloadValue, title: text } : null,
		location: locationOf(message, read),
		flow: trigger === 'flow:submission' ? { response: parsedFlowResponse(text), token: stringOrNull(payload.flow_token) } : null,
		sourceType: stringOrNull(source.type),
		notificationId: null,
		status: null,
		error: null,
		whatsappMessageId: stringOrNull(source.originalMessageId),
		timestamp: isoFromMs(atMs),
		warnings,
		atMs,
		raw: rawPart(payload, message),
	};
}

function statusEvent(payload: Json, trigger: string): NormalisedEvent {
	const warnings: string[] = [];
	const read = new FieldReader('', warnings);
	const matched = isObject(payload.matchResult) ? payload.matchResult : {};
	const appUser = isObject(payload.appUser) ? payload.appUser : isObject(matched.appUser) ? matched.appUser : {};
	const conversation = isObject(payload.conversation)
		? payload.conversation
		: isObject(matched.conversation)
			? matched.conversation
			: {};
	const destination = read.object(payload, 'destination');
	const notification = read.object(payload, 'notification');
	const message = read.object(payload, 'message');
	const external = Array.isArray(payload.externalMessages) && isObject(payload.externalMessages[0]) ? payload.externalMessages[0] : {};
	const atMs = read.time(payload, 'timestamp');
	return {
		event: trigger,
		direction: 'status',
		appUserId: read.id(appUser, '_id'),
		conversationId: read.id(conversation, '_id'),
		phone: phoneFromDigits(destination.destinationId),
		businessScopedUserId: bsuidOrNull(destination.destinationId),
		username: null,
		displayName: null,
		messageId: read.id(message, '_id'),
		type: STATUS_BY_TRIGGER[trigger] ?? trigger,
		text: null,
		media: null,
		reply: null,
		location: null,
		flow: null,
		sourceType: stringOrNull(isObject(payload.source) ? payload.source.type : destination.type),
		notificationId: read.id(notification, '_id'),
		status: STATUS_BY_TRIGGER[trigger] ?? null,
		error: errorOf(payload),
		whatsappMessageId: stringOrNull(external.id),
		timestamp: isoFromMs(atMs),
		warnings,
		atMs,
		raw: payload,
	};
}

/** The events of a message delivery: one per message a workflow can act on; the rest are noted. */
function messageEvents(body: Json, trigger: string, listed: unknown[]): { events: NormalisedEvent[]; skipped: string[] } {
	const events: NormalisedEvent[] = [];
	const skipped: string[] = [];
	listed.forEach((message, index) => {
		if (!isObject(message)) {
			skipped.push(`messages[${index}] is ${shown(message)}, not a message object: skipped`);
			return;
		}
		if (!MESSAGE_CONTENT_FIELDS.some((field) => message[field] !== undefined && message[field] !== null)) {
			skipped.push(`messages[${index}] has no id, text, media, payload, location, type or time: skipped`);
			return;
		}
		try {
			events.push(messageEvent(body, trigger, message, index));
		} catch (error) {
			// A shape nobody foresaw must still not lose the other messages of the delivery.
			skipped.push(`messages[${index}] could not be read (${(error as Error).message}): skipped`);
		}
	});
	return { events, skipped };
}

/**
 * Validates the envelope and returns one event per message (or one for a status event). Only a
 * body that is no Channel360 delivery at all (not an object, or no `trigger`) is refused; in a
 * delivery, what cannot be read is a warning on its event, or a skipped message.
 */
export function normaliseDelivery(body: unknown): NormaliseResult {
	if (!isObject(body)) return { ok: false, reason: 'the body is not a JSON object' };
	const trigger = body.trigger;
	if (typeof trigger !== 'string' || trigger === '') {
		return { ok: false, reason: 'the body has no "trigger" field naming the Channel360 event' };
	}
	if (Array.isArray(body.messages)) {
		const { events, skipped } = messageEvents(body, trigger, body.messages);
		if (body.messages.length === 0) skipped.push(`the "${trigger}" event has an empty "messages" list`);
		return { ok: true, trigger, events, skipped };
	}
	if (isObject(body.messages)) {
		// One message not wrapped in a list: read it rather than lose it.
		const { events, skipped } = messageEvents(body, trigger, [body.messages]);
		for (const event of events) event.warnings.push('messages is one object, not a list; it was read as a list of one');
		return { ok: true, trigger, events, skipped };
	}
	if (trigger.startsWith('message:') && trigger !== 'message:delivery:failure') {
		return { ok: true, trigger, events: [], skipped: [`the "${trigger}" event has no "messages" list`] };
	}
	return { ok: true, trigger, events: [statusEvent(body, trigger)], skipped: [] };
}

/** A key that is the same for every delivery of one event, to drop duplicates. */
export function deduplicationKey(event: NormalisedEvent): string {
	if (event.messageId) return `${event.event}|${event.messageId}`;
	return [event.event, event.notificationId ?? '', event.appUserId ?? '', event.timestamp ?? ''].join('|');
}
