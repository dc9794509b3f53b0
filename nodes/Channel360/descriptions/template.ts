import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { idField, returnAllFields } from './common';

const CATEGORY_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Authentication', value: 'AUTHENTICATION' },
	{ name: 'Marketing', value: 'MARKETING' },
	{ name: 'Utility', value: 'UTILITY' },
];

const on = (...operation: string[]) => ({ show: { resource: ['template'], operation } });

export const templateOperations: INodeProperties = {
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

export const templateFields: INodeProperties[] = [
	idField('templateName', 'Template Name', on('get'), 'The template name, e.g. order_shipped'),
	idField(
		'templateId',
		'Template ID or Name',
		on('update', 'delete'),
		'The Channel360 template ID (the "id" field of Get or Get Many) or the template\'s name, e.g. order_shipped (a name used for several languages needs the ID)',
	),
	...returnAllFields(on('getAll')),
	{
		displayName: 'Filters',
		name: 'templateFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: on('getAll'),
		options: [
			{
				displayName: 'Category',
				name: 'category',
				type: 'options',
				options: [{ name: 'Any', value: '' }, ...CATEGORY_OPTIONS],
				default: '',
			},
			{
				displayName: 'Enabled',
				name: 'enabled',
				type: 'options',
				options: [
					{ name: 'Any', value: '' },
					{ name: 'Enabled Only', value: 'true' },
					{ name: 'Disabled Only', value: 'false' },
				],
				default: '',
				description: "Channel360's own on/off switch for a template",
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: '',
				placeholder: 'e.g. en_US',
				description: 'Only templates in this language code',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Any', value: '' },
					{ name: 'Approved', value: 'APPROVED' },
					{ name: 'Pending', value: 'PENDING' },
					{ name: 'Rejected', value: 'REJECTED' },
				],
				default: '',
				description: 'WhatsApp approval status; run Refresh From Meta first for the latest',
			},
		],
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. order_shipped',
		description: 'Lowercase letters, digits and underscores; must not end with an underscore',
		displayOptions: on('create'),
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: 'en_US',
		required: true,
		description: 'WhatsApp language code, e.g. en_US, en, af, zu',
		displayOptions: on('create'),
	},
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		options: CATEGORY_OPTIONS,
		default: 'UTILITY',
		required: true,
		displayOptions: on('create'),
	},
	{
		displayName: 'Components (JSON)',
		name: 'components',
		type: 'json',
		default:
			'[\n  { "type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped.", "example": { "body_text": [["Thandi", "4411"]] } }\n]',
		required: true,
		description:
			'The template content in WhatsApp\'s format: HEADER, BODY (with examples for each variable), FOOTER and BUTTONS components',
		displayOptions: on('create'),
	},
	{
		displayName: 'Additional Fields',
		name: 'createFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: on('create'),
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				description: 'A note for your team; defaults to the template name',
			},
			{
				displayName: 'Enabled',
				name: 'enabled',
				type: 'boolean',
				default: true,
				description: 'Whether the template is switched on in Channel360',
			},
			{
				displayName: 'Namespace',
				name: 'namespace',
				type: 'string',
				default: 'default',
				description: 'Channel360 requires a non-empty namespace',
			},
		],
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: on('update'),
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Enabled',
				name: 'enabled',
				type: 'boolean',
				default: true,
				description: 'Whether the template is switched on in Channel360',
			},
			{ displayName: 'Namespace', name: 'namespace', type: 'string', default: '' },
			{
				displayName: 'Tags (JSON)',
				name: 'tags',
				type: 'json',
				default: '{ "head": [], "body": [], "buttons": [] }',
				description: 'How Channel360 campaigns fill the variables; not used by this node\'s Notification → Send',
			},
		],
	},
];
