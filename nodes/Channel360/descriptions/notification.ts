import type { INodeProperties } from 'n8n-workflow';

import { phoneField } from './common';
import { templateSendFields } from './templateSend';

const onSend = { show: { resource: ['notification'], operation: ['send'] } };

export const notificationOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['notification'] } },
	options: [
		{
			name: 'Send',
			value: 'send',
			action: 'Send a template notification',
			description:
				'Sends an approved WhatsApp template to a phone number, at any time, after checking the recipient opted in. Many items are paced. Delivery is reported later by the Channel360 Trigger\'s notification events, matched on the notification ID.',
		},
	],
	default: 'send',
};

export const notificationFields: INodeProperties[] = [
	phoneField(onSend, 'The recipient\'s WhatsApp number in international format'),
	...templateSendFields(onSend),
	{
		displayName: 'Options',
		name: 'notificationOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: onSend,
		options: [
			{
				displayName: 'Document Filename',
				name: 'documentFilename',
				type: 'string',
				default: '',
				description: 'The file name the customer sees for a document header, e.g. invoice-4411.pdf',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to only check the input and return the exact request (method, URL, body) without sending anything',
			},
			{
				displayName: 'Messages per Second',
				name: 'messagesPerSecond',
				type: 'number',
				typeOptions: { minValue: 0.1, maxValue: 80, numberPrecision: 1 },
				default: 20,
				description:
					'The most notifications this node sends per second across all items. WhatsApp allows 80; the default leaves room for other senders.',
			},
			{
				displayName: 'Seconds Between Messages to One Recipient',
				name: 'perRecipientIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 6,
				description:
					'WhatsApp limits how often one number may be messaged (about one message every 6 seconds); items to the same number wait this long',
			},
		],
	},
];
