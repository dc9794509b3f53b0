import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { receivedToMs } from '../../core/conversation';
import { readHistory } from '../../transport/conversations';
import { returnAllFields, shownFor } from '../commonFields';
import { internationalPhoneOf } from '../itemParameters';
import type { ItemResult } from '../types';

/** Get History's other field, the phone number, is shared with Get Window State (index.ts). */
export const description: INodeProperties[] = [...returnAllFields(shownFor('conversation', 'getHistory'))];

/** Conversation → Get History: one item per message, oldest first; with a limit, the most recent ones. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
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
