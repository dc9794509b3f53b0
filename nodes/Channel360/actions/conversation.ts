import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { receivedToMs, toTimedMessages } from '../core/conversation';
import { resolveWindow } from '../core/replyDecision';
import { readHistory } from '../transport/conversations';
import { internationalPhoneOf } from './itemParameters';
import type { ItemResult } from './types';

/** Conversation → Get History: one item per message, oldest first; with a limit, the most recent ones. */
export async function getHistory(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const phone = await internationalPhoneOf(this, itemIndex);
	const messages = (await readHistory(this, phone, { itemIndex }))?.messages;
	if (!messages) return { json: [] };
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	const chosen = returnAll ? messages : messages.slice(-limit);
	return {
		json: chosen.map((message) => {
			const at = receivedToMs(message.received);
			return { phone, ...(message as IDataObject), receivedAt: at === undefined ? null : new Date(at).toISOString() };
		}),
	};
}

/** Conversation → Get Window State: the 24-hour window computed from the history. */
export async function getWindowState(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const phone = await internationalPhoneOf(this, itemIndex);
	const messages = (await readHistory(this, phone, { itemIndex }))?.messages;
	const window = resolveWindow(undefined, messages && toTimedMessages(messages), Date.now(), false);
	return {
		json: {
			phone,
			...window,
			canSendFreeForm: window.open,
			...(window.source === 'none' ? { note: 'Channel360 has no conversation history for this number (it only knows numbers it once sent a template to)' } : {}),
		},
	};
}
