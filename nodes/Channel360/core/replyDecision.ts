/**
 * Window-aware replies: where the 24-hour window state comes from (the item, the conversation
 * history, or nothing), and what to do with it under the user's window-closed policy. Pure.
 */
import { computeWindowState, readWindowState, type TimedMessage, type WindowState, type WindowStateSource } from './window';

export type WindowClosedAction = 'fail' | 'sendTemplate' | 'routeToOutput';
/** The sources Reply and Get Window State use (see WindowStateSource). */
export type ReplyWindowSource = Extract<WindowStateSource, 'item' | 'history' | 'none'>;

export interface ResolvedWindow extends WindowState {
	/** item: the trigger's `window` field; history: Channel360's conversation history; none: neither was available. */
	source: ReplyWindowSource;
}

/**
 * Whether the history must be read. An open window on the item can be trusted (re-checked against
 * the current time): only a newer customer message could change it, and that would extend it. A
 * closed or missing one cannot: the customer may have written since the item was made.
 */
export function needsHistory(itemWindow: WindowState | undefined, trustItemWindow: boolean): boolean {
	return !(trustItemWindow && itemWindow?.open === true);
}

export function itemWindowState(itemWindowField: unknown, now: number): WindowState | undefined {
	return readWindowState(itemWindowField, now);
}

/**
 * Combines what is known. `history` is undefined when it could not be read (Channel360 only
 * knows numbers it once sent a template to).
 */
export function resolveWindow(
	itemWindow: WindowState | undefined,
	history: readonly TimedMessage[] | undefined,
	now: number,
	trustItemWindow: boolean,
): ResolvedWindow {
	if (itemWindow && !needsHistory(itemWindow, trustItemWindow)) return { ...itemWindow, source: 'item' };
	if (history) {
		const messages: TimedMessage[] = [...history];
		const itemOpenedAt = itemWindow?.openedAt ? Date.parse(itemWindow.openedAt) : NaN;
		if (Number.isFinite(itemOpenedAt)) messages.push({ author: 'customer', at: itemOpenedAt });
		return { ...computeWindowState(messages, { now }), source: 'history' };
	}
	if (itemWindow) return { ...itemWindow, source: 'item' };
	// Nothing known: no customer message, so no open window.
	return { ...computeWindowState([], { now }), source: 'none' };
}

/** Why free-form sending is not allowed, in words a user can act on. */
export function windowClosedReason(window: ResolvedWindow): string {
	const advice = 'send an approved template instead';
	if (window.expiresAt) return `the 24-hour window closed at ${window.expiresAt}; ${advice}`;
	if (window.source === 'none') {
		return `the 24-hour window state is unknown (the item has no "window" field and Channel360 has no conversation history for this number), so it is treated as closed; ${advice}`;
	}
	return `the customer has not written to you, so no 24-hour window is open; ${advice}`;
}

export type ReplyPlan =
	| { action: 'sendFreeForm'; reason: string }
	| { action: 'fail' | 'sendTemplate' | 'routeToOutput'; reason: string };

export function planReply(window: ResolvedWindow, whenClosed: WindowClosedAction): ReplyPlan {
	if (window.open) {
		return { action: 'sendFreeForm', reason: `the 24-hour window is open until ${window.expiresAt ?? 'unknown'}` };
	}
	return { action: whenClosed, reason: windowClosedReason(window) };
}

/**
 * The item Reply routes to its "Window Closed" output: what it checked (the number, the App User,
 * the window it found and where from), not a copy of the input item, so that the next node sees
 * why and for whom.
 */
export interface WindowClosedReport {
	outcome: 'windowClosed';
	reason: string;
	/** The number Reply read, in international format; null when only an App User ID was given. */
	phone: string | null;
	appUserId: string | null;
	window: ResolvedWindow;
	/** Whether Channel360's conversation history was read for this decision. */
	historyRead: boolean;
}

export function windowClosedReport(checked: Omit<WindowClosedReport, 'outcome'>): WindowClosedReport {
	return {
		outcome: 'windowClosed',
		reason: checked.reason,
		phone: checked.phone,
		appUserId: checked.appUserId,
		window: { ...checked.window },
		historyRead: checked.historyRead,
	};
}
