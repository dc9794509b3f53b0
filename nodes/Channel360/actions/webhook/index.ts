import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../types';
import * as create from './create';
import * as deleteWebhook from './delete';
import * as getAll from './getAll';

export const operationField: INodeProperties = {
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

export const fields: INodeProperties[] = [...create.description, ...deleteWebhook.description, ...getAll.description];

export const itemOperations: Record<string, ItemOperation> = {
	getAll: getAll.execute,
	create: create.execute,
	delete: deleteWebhook.execute,
};
