import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../types';
import * as create from './create';
import * as deleteTemplate from './delete';
import * as get from './get';
import * as getAll from './getAll';
import * as refresh from './refresh';
import { templateIdField } from './templateId';
import * as update from './update';

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['template'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a template',
			description: 'Submits a new template to WhatsApp for approval; it starts as PENDING',
		},
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a template',
			description: "Removes Channel360's copy of a template (WhatsApp keeps it; a refresh brings it back)",
		},
		{ name: 'Get', value: 'get', action: 'Get a template', description: 'Gets one template by name' },
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many templates',
			description: 'Lists templates, optionally filtered by status, category and language',
		},
		{
			name: 'Refresh From Meta',
			value: 'refresh',
			action: 'Refresh templates from meta',
			description:
				'Asks Channel360 to re-read all templates and their approval status from WhatsApp. It runs in the background.',
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a template',
			description: "Changes a template's description, namespace, enabled switch or campaign tags (not its content)",
		},
	],
	default: 'getAll',
};

// The order n8n shows the fields in; the template ID field is Update's and Delete's.
export const fields: INodeProperties[] = [
	...get.description,
	templateIdField,
	...getAll.description,
	...create.description,
	...update.description,
	...deleteTemplate.description,
	...refresh.description,
];

export const itemOperations: Record<string, ItemOperation> = {
	getAll: getAll.execute,
	get: get.execute,
	create: create.execute,
	update: update.execute,
	delete: deleteTemplate.execute,
	refresh: refresh.execute,
};
