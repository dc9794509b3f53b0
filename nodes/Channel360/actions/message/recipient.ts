import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toTimedMessages } from '../../core/conversation';
import { FieldError } from '../../core/fieldError';
import { itemWindowState, needsHistory, resolveWindow, type ResolvedWindow } from '../../core/replyDecision';
import { readHistory } from '../../transport/conversations';
import { internationalPhoneOf, parameterOrItemField } from '../itemParameters';

/** The error for an item that names the customer neither way. */
export function noRecipientError(): FieldError {
	return new FieldError(
		'App User ID',
		'App User ID and Phone Number are both empty',
		'Give the App User ID (the Channel360 Trigger puts it on every item) or the phone number.',
	);
}

/**
 * A customer who hides their number behind a WhatsApp username can be answered by App User ID
 * but not sent a template (templates go to phone numbers): say that, not "Phone Number is empty".
 */
export function requirePhoneForTemplate(rawPhone: string, input: IDataObject): void {
	if (rawPhone !== '' || (!input.businessScopedUserId && !input.username)) return;
	const who = String(input.username ?? input.businessScopedUserId);
	throw new FieldError(
		'Phone Number',
		`This customer has no phone number (WhatsApp user ${who} hides it), so the fallback template cannot be sent`,
		'Templates go to phone numbers only. Reply while the 24-hour window is open, or set "When the Window Is Closed" to route the item to its own output.',
	);
}

/** Who a window-aware message goes to and whether their 24-hour window is open: Reply and Send and Wait share it. */
export interface RecipientWindow {
	appUserId: string | null;
	/** The Phone Number field as given (may be empty). */
	rawPhone: string;
	/** That number in international form, or null when none was given. */
	phone: string | null;
	window: ResolvedWindow;
	/** Whether Channel360's conversation history was read to settle the window. */
	historyRead: boolean;
}

/**
 * Reads App User ID and Phone Number, then the window: from the item when it can be trusted,
 * else from the conversation history (which also names the App User when only a number is given).
 */
export async function recipientWindow(ctx: IExecuteFunctions, itemIndex: number, trustItemWindow: boolean): Promise<RecipientWindow> {
	const input = ctx.getInputData()[itemIndex].json;
	const now = Date.now();

	const itemWindow = itemWindowState(input.window, now);
	const rawPhone = parameterOrItemField(ctx, itemIndex, 'phone', 'phone');
	const givenAppUserId = parameterOrItemField(ctx, itemIndex, 'appUserId', 'appUserId');
	if (givenAppUserId === '' && rawPhone === '') throw noRecipientError();
	// Without an App User ID the history is also where the customer's App User comes from.
	const phone = rawPhone === '' ? null : await internationalPhoneOf(ctx, itemIndex, rawPhone);
	const history =
		(needsHistory(itemWindow, trustItemWindow) || givenAppUserId === '') && phone !== null
			? await readHistory(ctx, phone, { itemIndex })
			: undefined;
	const appUserId = givenAppUserId || history?.appUserIds[0] || null;
	const window = resolveWindow(itemWindow, history && toTimedMessages(history.messages), now, trustItemWindow);
	return { appUserId, rawPhone, phone, window, historyRead: history !== undefined };
}

/** The error for a free-form send whose App User could not be found. */
export function noAppUserError(rawPhone: string): FieldError {
	return new FieldError(
		'App User ID',
		`Channel360's conversation history for ${rawPhone} does not name the customer's App User`,
		'Give the App User ID (the Channel360 Trigger puts it on every item).',
	);
}
