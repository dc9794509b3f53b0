import type { INodeProperties } from 'n8n-workflow';

import { phoneField, shownFor } from '../commonFields';
import type { ItemOperation } from '../types';
import * as getHistory from './getHistory';
import * as getWindow from './getWindow';

export const operationField: INodeProperties = {
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

export const fields: INodeProperties[] = [
	phoneField(shownFor('conversation', 'getHistory', 'getWindow'), "The customer's phone number in international format"),
	...getHistory.description,
	...getWindow.description,
];

export const itemOperations: Record<string, ItemOperation> = { getHistory: getHistory.execute, getWindow: getWindow.execute };
