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
				displayName: 'Campaign ID',
				name: 'campaignId',
				type: 'string',
				default: '',
				placeholder: 'e.g. spring-sale-2026',
				description:
					'With Send Once per Campaign: names the campaign, so that a recipient gets it once. Empty: the template and its language are the campaign.',
			},
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
				typeOptions: { minValue: 0.1, maxValue: 1000, numberPrecision: 1 },
				default: 20,
				description:
					'The most notifications this node sends per second across all items. WhatsApp allows 80 per number by default and 1,000 on the upgraded tier; the default leaves room for other senders.',
			},
			{
				displayName: 'Retry Budget (Seconds)',
				name: 'retryBudgetSeconds',
				type: 'number',
				typeOptions: { minValue: 2, maxValue: 900 },
				default: 60,
				description:
					'The longest one notification may keep being retried while Channel360 asks to slow down (429), waits included. When it runs out the item fails saying so; nothing is sent twice.',
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
			{
				displayName: 'Send Once per Campaign',
				name: 'sendOnce',
				type: 'options',
				options: [
					{ name: 'Off', value: 'off', description: 'Every item is sent, also to recipients sent to before' },
					{
						name: 'Skip Recipients Already Sent To',
						value: 'skipSent',
						description: "Each recipient's send is recorded in n8n's deduplication store; a rerun skips them",
					},
					{ name: 'Forget These Recipients', value: 'forget', description: "Sends nothing: removes the items' recipients from the campaign's record" },
					{ name: 'Forget All Campaigns of This Node', value: 'forgetAll', description: 'Sends nothing: clears everything this node recorded' },
				],
				default: 'off',
				description:
					'Whether a rerun (after a crash, a stop, or pressing Execute again) skips recipients this node already sent the campaign to. Off by default: the same template to the same number is often right (a second order\'s "order shipped").',
			},
		],
	},
];
