import type { INodeProperties } from 'n8n-workflow';

import { phoneField, shownFor } from '../commonFields';
import type { ItemOperation } from '../types';
import * as create from './create';
import * as deleteSubscriber from './delete';
import * as get from './get';
import * as getAll from './getAll';
import * as getByPhone from './getByPhone';
import * as optIn from './optIn';
import * as optOut from './optOut';
import { subscriberIdField } from './subscriberLookup';

export const operationField: INodeProperties = {
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

// The order n8n shows the fields in: the subscriber's ID is shared by Get, Delete, Opt In and Opt
// Out, the phone number by Create and Get by Phone.
export const fields: INodeProperties[] = [
	subscriberIdField,
	phoneField(shownFor('subscriber', 'create', 'getByPhone'), "The subscriber's phone number in international format"),
	...create.description,
	...getAll.description,
	...get.description,
	...getByPhone.description,
	...optIn.description,
	...optOut.description,
	...deleteSubscriber.description,
];

export const itemOperations: Record<string, ItemOperation> = {
	create: create.execute,
	get: get.execute,
	getByPhone: getByPhone.execute,
	getAll: getAll.execute,
	optIn: optIn.execute,
	optOut: optOut.execute,
	delete: deleteSubscriber.execute,
};
