import type { INodeProperties } from 'n8n-workflow';

import { idField, phoneField, returnAllFields } from './common';

const on = (...operation: string[]) => ({ show: { resource: ['subscriber'], operation } });

export const subscriberOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['subscriber'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a subscriber',
			description: 'Adds a phone number to the Channel360 subscriber list; new subscribers are opted in',
		},
		{ name: 'Delete', value: 'delete', action: 'Delete a subscriber', description: 'Removes a subscriber by ID' },
		{ name: 'Get', value: 'get', action: 'Get a subscriber', description: 'Gets a subscriber by ID, with their groups' },
		{
			name: 'Get by Phone',
			value: 'getByPhone',
			action: 'Get a subscriber by phone number',
			description: 'Finds the subscriber with this phone number; returns nothing if there is none',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many subscribers',
			description: 'Lists subscribers, newest first, optionally only those opted in',
		},
		{
			name: 'Opt In',
			value: 'optIn',
			action: 'Opt in a subscriber',
			description: 'Marks the subscriber as agreeing to receive business-initiated messages',
		},
		{
			name: 'Opt Out',
			value: 'optOut',
			action: 'Opt out a subscriber',
			description: 'Marks the subscriber as not wanting business-initiated messages',
		},
	],
	default: 'get',
};

export const subscriberFields: INodeProperties[] = [
	{
		...idField(
			'subscriberId',
			'Subscriber ID or Phone Number',
			on('get', 'delete', 'optIn', 'optOut'),
			'The Channel360 subscriber ID, or the subscriber\'s phone number (e.g. +27821234567 or 082 123 4567): the node looks the ID up',
		),
		placeholder: 'e.g. +27821234567 or 64f1c0ffee0123456789abcd',
	},
	phoneField(on('create', 'getByPhone'), "The subscriber's phone number in international format"),
	{
		displayName: 'Additional Fields',
		name: 'subscriberFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: on('create'),
		options: [
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
		],
	},
	...returnAllFields(on('getAll')),
	{
		displayName: 'Filters',
		name: 'subscriberFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: on('getAll'),
		options: [
			{
				displayName: 'Opted In Only',
				name: 'optedInOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to return only subscribers who are opted in',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Part of a first name, last name or phone number (digits only, without +)',
			},
		],
	},
];
