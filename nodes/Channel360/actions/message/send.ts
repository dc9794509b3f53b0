import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ReplyBody } from '../../core/replyBody';
import { readHistory } from '../../transport/conversations';
import { postReply } from '../../transport/messages';
import { phoneField, shownFor } from '../commonFields';
import { internationalPhoneOf, parameterOrItemField } from '../itemParameters';
import type { ItemResult } from '../types';
import { noAppUserError, noRecipientError } from './recipient';
import { replyBodyOf } from './replyFields';

const shown = shownFor('message', 'send');

/** Send's recipient; the message itself is shared with Reply (replyFields.ts). */
export const description: INodeProperties[] = [
	{
		displayName: 'App User ID',
		name: 'appUserId',
		type: 'string',
		default: '={{ $json.appUserId }}',
		description:
			"The customer's Channel360 App User ID, as the Channel360 Trigger puts it on every item. Channel360 sends free-form messages by App User ID only: when this is empty, the App User is found from the phone number's conversation history.",
		displayOptions: shown,
	},
	phoneField(
		shown,
		"The customer's phone number in international format, used only when App User ID is empty: Channel360's conversation history for it names the customer's App User.",
	),
];

/** Sends a session message and says what was sent. */
export async function sendReply(ctx: IExecuteFunctions, appUserId: string, body: ReplyBody, itemIndex: number): Promise<IDataObject> {
	const response = await postReply(ctx, appUserId, body, itemIndex);
	const messageId = (response?.message as IDataObject | undefined)?._id ?? null;
	return { appUserId, messageId, messageType: body.type, response };
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
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const appUserId = await addresseeOf(this, itemIndex);
	const body = replyBodyOf(this, itemIndex);
	return { json: { outcome: 'sent', reason: 'sent without a window check', ...(await sendReply(this, appUserId, body, itemIndex)) } };
}
