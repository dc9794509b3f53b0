import type { INodeProperties } from 'n8n-workflow';

import { conversationFields, conversationOperations } from './conversation';
import { messageFields, messageOperations } from './message';
import { sendAndWaitFields } from './sendAndWait';
import { notificationFields, notificationOperations } from './notification';
import { subscriberFields, subscriberOperations } from './subscriber';
import { templateFields, templateOperations } from './template';
import { webhookFields, webhookOperations } from './webhook';

const resource: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Conversation', value: 'conversation', description: "A customer's message history and 24-hour window" },
		{ name: 'Message', value: 'message', description: 'Free-form messages to a customer within the 24-hour window' },
		{
			name: 'Notification',
			value: 'notification',
			description: 'Approved template messages the business may send at any time',
		},
		{ name: 'Subscriber', value: 'subscriber', description: 'The opt-in list' },
		{ name: 'Template', value: 'template', description: 'WhatsApp message templates' },
		{ name: 'Webhook', value: 'webhook', description: 'Where Channel360 posts events' },
	],
	default: 'message',
};

export const channel360Properties: INodeProperties[] = [
	resource,
	messageOperations,
	notificationOperations,
	templateOperations,
	conversationOperations,
	webhookOperations,
	subscriberOperations,
	...messageFields,
	...sendAndWaitFields,
	...notificationFields,
	...templateFields,
	...conversationFields,
	...webhookFields,
	...subscriberFields,
];
