/**
 * Reading Channel360's conversation history (Smooch v1.1 messages) into the window module's
 * terms. Pure.
 */
import { digitsOf } from './phone';
import type { TimedMessage } from './window';

export interface HistoryMessage {
	_id?: string;
	role?: string;
	type?: string;
	text?: string;
	mediaUrl?: string;
	mediaType?: string;
	/** Unix seconds with a fraction. */
	received?: number;
	source?: { type?: string; [key: string]: unknown };
	[key: string]: unknown;
}

/** Path of the history call: Channel360 looks the number up by its digits. */
export function historyPath(phone: string): string {
	return `/whatsapp/subscriber/${encodeURIComponent(digitsOf(phone))}/conversation/history`;
}

/** The messages of a history response (`{ conversation: { messages } }`), tolerating an empty body. */
export function historyMessages(body: unknown): HistoryMessage[] {
	if (typeof body !== 'object' || body === null) return [];
	const conversation = (body as { conversation?: unknown }).conversation;
	if (typeof conversation !== 'object' || conversation === null) return [];
	const messages = (conversation as { messages?: unknown }).messages;
	return Array.isArray(messages) ? (messages.filter((m) => typeof m === 'object' && m !== null) as HistoryMessage[]) : [];
}

/** The appUser ids a history response names. */
export function historyAppUserIds(body: unknown): string[] {
	if (typeof body !== 'object' || body === null) return [];
	const conversation = (body as { conversation?: { appUsers?: unknown } }).conversation;
	const ids = conversation?.appUsers;
	return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** The latest and earliest instants a JavaScript Date can hold, in epoch ms. */
const DATE_RANGE_MS = 8.64e15;

/**
 * Smooch `received` is in seconds; some payloads carry milliseconds, numeric strings or ISO
 * text. Returns epoch ms, or undefined for anything that is not a time a Date can hold (NaN, a
 * word, 1e300), so a caller never meets the RangeError `toISOString` throws for those.
 */
export function receivedToMs(received: unknown): number | undefined {
	let value = received;
	if (typeof received === 'string') {
		const trimmed = received.trim();
		value = trimmed === '' ? NaN : Number(trimmed);
		if (!Number.isFinite(value)) value = Date.parse(trimmed);
	}
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
	const ms = value > 1e11 ? Math.round(value) : Math.round(value * 1000);
	return ms <= DATE_RANGE_MS ? ms : undefined;
}

export function authorOfRole(role: unknown): TimedMessage['author'] | undefined {
	if (role === 'appUser') return 'customer';
	if (role === 'appMaker' || role === 'business') return 'business';
	return undefined;
}

export function toTimedMessages(messages: readonly HistoryMessage[]): TimedMessage[] {
	const timed: TimedMessage[] = [];
	for (const message of messages) {
		const author = authorOfRole(message.role);
		const at = receivedToMs(message.received);
		if (author && at !== undefined) timed.push({ author, at });
	}
	return timed;
}
