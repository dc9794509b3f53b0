import type { INodeProperties } from 'n8n-workflow';

import { TRIGGER_EVENT_OPTIONS } from '../trigger/events';
import { idField } from './common';

const on = (...operation: string[]) => ({ show: { resource: ['webhook'], operation } });

export const webhookOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['webhook'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a webhook',
			description:
				'Registers a URL that Channel360 posts events to. The Channel360 Trigger does this by itself; use this only to manage webhooks by hand.',
		},
		{ name: 'Delete', value: 'delete', action: 'Delete a webhook', description: 'Removes a webhook by ID' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many webhooks', description: 'Lists many webhooks of the organisation' },
	],
	default: 'getAll',
};

export const webhookFields: INodeProperties[] = [
	{
		displayName: 'Target URL',
		name: 'target',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://n8n.example.co.za/webhook/abc123',
		description: 'Where Channel360 posts the events. Channel360 signs nothing, so use an unguessable URL.',
		displayOptions: on('create'),
	},
	{
		displayName: 'Events',
		name: 'triggers',
		type: 'multiOptions',
		options: TRIGGER_EVENT_OPTIONS,
		default: ['message:appUser'],
		required: true,
		description: 'Which events Channel360 posts to the URL',
		displayOptions: on('create'),
	},
	idField('webhookId', 'Webhook ID', on('delete'), 'The ID of the webhook, as Get Many lists it'),
];
