import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { subscriberOfResponse } from '../../core/subscribers';
import { postSubscriber } from '../../transport/subscribers';
import { shownFor } from '../commonFields';
import { internationalPhoneOf } from '../itemParameters';
import type { ItemResult } from '../types';

/** Create's other field, the phone number, is shared with Get by Phone (index.ts). */
export const description: INodeProperties[] = [
	{
		displayName: 'Additional Fields',
		name: 'subscriberFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: shownFor('subscriber', 'create'),
		options: [
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
		],
	},
];

/** Subscriber → Create: new subscribers are opted in. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const extra = this.getNodeParameter('subscriberFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = { mobileNumber: await internationalPhoneOf(this, itemIndex) };
	if (extra.firstName) body.firstName = extra.firstName;
	if (extra.lastName) body.lastName = extra.lastName;
	return { json: subscriberOfResponse(await postSubscriber(this, body, itemIndex)) as IDataObject };
}
