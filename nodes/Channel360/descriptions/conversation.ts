import type { INodeProperties } from 'n8n-workflow';

import { phoneField, returnAllFields } from './common';

const on = (...operation: string[]) => ({ show: { resource: ['conversation'], operation } });

export const conversationOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['conversation'] } },
	options: [
		{
			name: 'Get History',
			value: 'getHistory',
			action: 'Get the conversation history',
			description:
				"Gets the customer's messages, newest last. Channel360 only knows numbers that were sent a template before.",
		},
		{
			name: 'Get Window State',
			value: 'getWindow',
			action: 'Get the 24 hour window state',
			description:
				'Says whether free-form messages may be sent to the customer now (the 24-hour window is open) and until when',
		},
	],
	default: 'getWindow',
};

export const conversationFields: INodeProperties[] = [
	phoneField(on('getHistory', 'getWindow'), "The customer's phone number in international format"),
	...returnAllFields(on('getHistory')),
];
