import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toTimedMessages } from '../../core/conversation';
import { resolveWindow } from '../../core/replyDecision';
import { readHistory } from '../../transport/conversations';
import { internationalPhoneOf } from '../itemParameters';
import type { ItemResult } from '../types';

/** Its one field, the phone number, is shared with Get History (index.ts). */
export const description: INodeProperties[] = [];

/** Conversation → Get Window State: the 24-hour window computed from the history. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
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
