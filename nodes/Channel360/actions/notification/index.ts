import type { INodeProperties } from 'n8n-workflow';

import * as send from './send';

export const operationField: INodeProperties = {
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

export const fields: INodeProperties[] = [...send.description];
