import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toTimedMessages } from '../core/conversation';
import { FieldError } from '../core/fieldError';
import type { ReplyBody } from '../core/replyBody';
import {
	itemWindowState,
	needsHistory,
	planReply,
	resolveWindow,
	windowClosedReport,
	type ResolvedWindow,
	type WindowClosedAction,
} from '../core/replyDecision';
import { readHistory } from '../transport/conversations';
import { postReply } from '../transport/messages';
import { internationalPhoneOf, parameterOrItemField } from './itemParameters';
import type { NotificationSender } from './notificationSender';
import { replyBodyOf } from './replyFields';
import type { ItemResult } from './types';

export const WINDOW_CLOSED_OUTPUT = 1;

/** Sends a session message and says what was sent. */
export async function sendReply(ctx: IExecuteFunctions, appUserId: string, body: ReplyBody, itemIndex: number): Promise<IDataObject> {
	const response = await postReply(ctx, appUserId, body, itemIndex);
	const messageId = (response?.message as IDataObject | undefined)?._id ?? null;
	return { appUserId, messageId, messageType: body.type, response };
}

/** The error for an item that names the customer neither way. */
function noRecipientError(): FieldError {
	return new FieldError(
		'App User ID',
		'App User ID and Phone Number are both empty',
		'Give the App User ID (the Channel360 Trigger puts it on every item) or the phone number.',
	);
}

/**
 * The App User a free-form message goes to: the App User ID when given, else the one Channel360's
 * conversation history names for the phone number (Channel360 sends session messages by App User
 * ID only).
 */
async function addresseeOf(ctx: IExecuteFunctions, itemIndex: number): Promise<string> {
	const given = ctx.getNodeParameter('appUserId', itemIndex, '');
	if (typeof given === 'string' && given.trim() !== '') return given.trim();
	const rawPhone = parameterOrItemField(ctx, itemIndex, 'phone', 'phone');
	if (rawPhone === '') throw noRecipientError();
	const phone = await internationalPhoneOf(ctx, itemIndex, rawPhone);
	const appUserId = (await readHistory(ctx, phone, { itemIndex }))?.appUserIds[0];
	if (!appUserId) throw noAppUserError(phone);
	return appUserId;
}

/** Message → Send: a free-form message, no window check (WhatsApp drops it if the window is closed). */
export async function sendMessage(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const appUserId = await addresseeOf(this, itemIndex);
	const body = replyBodyOf(this, itemIndex);
	return { json: { outcome: 'sent', reason: 'sent without a window check', ...(await sendReply(this, appUserId, body, itemIndex)) } };
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

/** Message → Reply: checks the 24-hour window, then sends, fails, falls back to a template or routes. */
export async function replyToMessage(this: IExecuteFunctions, itemIndex: number, sender: NotificationSender): Promise<ItemResult> {
	const body = replyBodyOf(this, itemIndex);
	const whenClosed = this.getNodeParameter('windowClosedAction', itemIndex) as WindowClosedAction;
	const trustItemWindow = (this.getNodeParameter('replyOptions', itemIndex, {}) as IDataObject).useItemWindow !== false;
	const input = this.getInputData()[itemIndex].json;
	const { appUserId, rawPhone, phone, window, historyRead } = await recipientWindow(this, itemIndex, trustItemWindow);
	const plan = planReply(window, whenClosed);
	const report: IDataObject = { appUserId, reason: plan.reason, window: { ...window } };

	switch (plan.action) {
		case 'sendFreeForm':
			if (!appUserId) throw noAppUserError(rawPhone);
			return { json: { outcome: 'sent', ...report, ...(await sendReply(this, appUserId, body, itemIndex)) } };
		case 'routeToOutput':
			// What Reply checked, not a copy of the input item (its fields stay reachable through
			// the paired item, e.g. $('Trigger').item.json).
			return {
				json: windowClosedReport({ reason: plan.reason, phone, appUserId, window, historyRead }) as unknown as IDataObject,
				output: WINDOW_CLOSED_OUTPUT,
			};
		case 'sendTemplate': {
			requirePhoneForTemplate(rawPhone, input);
			const prepared = await sender.prepare(itemIndex);
			const template = { ...prepared.template };
			if (!prepared.optIn.optedIn) {
				return {
					json: { outcome: 'skipped', ...report, reason: `${plan.reason}; the fallback template was not sent: ${prepared.optIn.reason}`, phone: prepared.phone, template, notificationId: null },
				};
			}
			const sent = await sender.sendPaced(prepared);
			return {
				json: {
					outcome: 'sentTemplate',
					...report,
					reason: `${plan.reason}; sent the fallback template (${prepared.optIn.reason})`,
					phone: prepared.phone,
					template,
					notificationId: sent.notificationId,
					response: sent.response as IDataObject,
				},
			};
		}
		default:
			throw new NodeOperationError(this.getNode(), `Not sent: ${plan.reason}`, {
				itemIndex,
				description:
					'WhatsApp only allows free-form messages within 24 hours of the customer\'s last message. Use Notification → Send with an approved template, or set "When the Window Is Closed" to send a fallback template or route the item.',
			});
	}
}
