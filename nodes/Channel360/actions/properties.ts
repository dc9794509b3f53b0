import type { INodeProperties } from 'n8n-workflow';

import * as conversation from './conversation';
import * as message from './message';
import * as notification from './notification';
import * as subscriber from './subscriber';
import * as template from './template';
import * as webhook from './webhook';

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

/** The Channel360 node's parameters: every resource's operation list first, then their fields. */
export const channel360Properties: INodeProperties[] = [
	resource,
	message.operationField,
	notification.operationField,
	template.operationField,
	conversation.operationField,
	webhook.operationField,
	subscriber.operationField,
	...message.fields,
	...notification.fields,
	...template.fields,
	...conversation.fields,
	...webhook.fields,
	...subscriber.fields,
];
