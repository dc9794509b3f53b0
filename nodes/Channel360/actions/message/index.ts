import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../types';
import * as reply from './reply';
import { messageBodyFields } from './replyFields';
import * as send from './send';
import { sendAndWaitFields } from './sendAndWaitFields';

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['message'] } },
	options: [
		{
			name: 'Reply (Window-Aware)',
			value: 'reply',
			action: 'Reply to a customer within the 24 hour window',
			description:
				"Checks the customer's 24-hour window first. Open: sends the free-form message. Closed: fails, sends a fallback template, or routes the item to a \"Window Closed\" output.",
		},
		{
			name: 'Send',
			value: 'send',
			action: 'Send a free form message',
			description:
				'Sends a text, image, video, file or interactive message to a customer. WhatsApp only delivers it within 24 hours of the customer\'s last message.',
		},
		{
			name: 'Send and Wait for Response',
			value: 'sendAndWait',
			action: 'Send a question and wait for the answer',
			description:
				'Sends a question with WhatsApp buttons or a list and pauses the workflow until the customer taps an answer (the tap reaches n8n through a published Channel360 Trigger)',
		},
	],
	default: 'reply',
};

// The order n8n shows the fields in: each operation's recipient first, then the message that
// Send and Reply share, then what Reply does when the window is closed.
export const fields: INodeProperties[] = [
	...send.description,
	...reply.recipientFields,
	...messageBodyFields,
	...reply.description,
	...sendAndWaitFields,
];

/** Send and Wait for Response runs for all items at once (router.ts). */
export const itemOperations: Record<string, ItemOperation> = { send: send.execute, reply: reply.execute };
