/**
 * WhatsApp's 24-hour customer-service window, as arithmetic on message times.
 *
 * Rules (Meta's, as BSPs relay them): every customer message opens the window or moves its end
 * to that message + 24 h; while it is open the business may send free-form messages; once it
 * is closed only approved templates may be sent. A business template sent while no window is
 * open starts a business-initiated conversation but does not open the window for free-form
 * messages: only the customer can do that.
 *
 * No n8n imports here: both nodes and the sandbox use this module.
 */

export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** Customer timestamps a little in the future (sender clock ahead) are read as "now". */
export const DEFAULT_CLOCK_SKEW_TOLERANCE_MS = 5 * 60 * 1000;

export type Initiator = 'customer' | 'business';
export type Author = 'customer' | 'business';

export interface TimedMessage {
	author: Author;
	/** Epoch milliseconds. */
	at: number;
}

export interface WindowState {
	open: boolean;
	/** ISO time of the last customer message, which opened or refreshed the window. */
	openedAt: string | null;
	/** ISO time at which free-form messages stop being allowed. */
	expiresAt: string | null;
	secondsLeft: number;
	/** Who started the conversation that the latest message belongs to. */
	initiatedBy: Initiator | null;
	/** ISO time of the latest message of either side that was taken into account. */
	lastMessageAt: string | null;
}

/**
 * Where a `window` field's state was computed from. One vocabulary for every node that writes a
 * `window` field, so `window.source` means the same thing wherever a workflow reads it:
 * - `history`: Channel360's conversation history (with what else was known);
 * - `payload`: the trigger's delivery and what the trigger remembers of the customer;
 * - `item`: the `window` field already on the input item (Reply trusting the trigger's state);
 * - `none`: nothing was known, so no window is open.
 */
export type WindowStateSource = 'history' | 'payload' | 'item' | 'none';

export interface WindowOptions {
	now: number;
	clockSkewToleranceMs?: number;
}

/**
 * Computes the window from any set of messages (history, the payload being delivered, or both),
 * in any order and with duplicates: the result only depends on the set.
 */
export function computeWindowState(messages: readonly TimedMessage[], options: WindowOptions): WindowState {
	const { now } = options;
	const tolerance = options.clockSkewToleranceMs ?? DEFAULT_CLOCK_SKEW_TOLERANCE_MS;
	const usable = messages
		.filter((message) => Number.isFinite(message.at))
		// A timestamp from the future within the tolerance is clock skew: treat it as now.
		// Beyond the tolerance it cannot be trusted and is ignored.
		.filter((message) => message.at <= now + tolerance)
		.map((message) => ({ author: message.author, at: Math.min(message.at, now) }))
		.sort((a, b) => a.at - b.at || (a.author === 'customer' ? -1 : 1));

	if (usable.length === 0) {
		return { open: false, openedAt: null, expiresAt: null, secondsLeft: 0, initiatedBy: null, lastMessageAt: null };
	}

	// Walk the messages in time order, tracking conversations: a message that arrives while no
	// conversation is running starts one, initiated by its author. A customer message extends the
	// conversation (it refreshes the window); a business message only runs within one.
	let initiatedBy: Initiator = usable[0].author;
	let conversationEnd = -Infinity;
	let lastCustomerAt: number | null = null;
	for (const message of usable) {
		if (message.at >= conversationEnd) {
			initiatedBy = message.author;
			conversationEnd = message.at + WINDOW_MS;
		}
		if (message.author === 'customer') {
			lastCustomerAt = message.at;
			conversationEnd = Math.max(conversationEnd, message.at + WINDOW_MS);
		}
	}

	const lastMessageAt = new Date(usable[usable.length - 1].at).toISOString();
	if (lastCustomerAt === null) {
		return { open: false, openedAt: null, expiresAt: null, secondsLeft: 0, initiatedBy, lastMessageAt };
	}
	const expiresAtMs = lastCustomerAt + WINDOW_MS;
	const open = now < expiresAtMs;
	return {
		open,
		openedAt: new Date(lastCustomerAt).toISOString(),
		expiresAt: new Date(expiresAtMs).toISOString(),
		secondsLeft: open ? Math.floor((expiresAtMs - now) / 1000) : 0,
		initiatedBy,
		lastMessageAt,
	};
}

/** Reads a window state that an earlier node put on an item (the trigger's `window` field). */
export function readWindowState(value: unknown, now: number): WindowState | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const candidate = value as Partial<WindowState>;
	if (typeof candidate.expiresAt !== 'string' && candidate.expiresAt !== null) return undefined;
	if (candidate.expiresAt === null || candidate.expiresAt === undefined) {
		return {
			open: false,
			openedAt: null,
			expiresAt: null,
			secondsLeft: 0,
			initiatedBy: candidate.initiatedBy ?? null,
			lastMessageAt: candidate.lastMessageAt ?? null,
		};
	}
	const expiresAtMs = Date.parse(candidate.expiresAt);
	if (!Number.isFinite(expiresAtMs)) return undefined;
	// Re-evaluate against the current time: the item may have waited in the workflow.
	const open = now < expiresAtMs;
	return {
		open,
		openedAt: candidate.openedAt ?? null,
		expiresAt: candidate.expiresAt,
		secondsLeft: open ? Math.floor((expiresAtMs - now) / 1000) : 0,
		initiatedBy: candidate.initiatedBy ?? null,
		lastMessageAt: candidate.lastMessageAt ?? null,
	};
}
