import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { internationalPhoneOf } from '../itemParameters';
import type { ItemResult } from '../types';
import { findByPhone } from './subscriberLookup';

/** Its one field, the phone number, is shared with Create (index.ts). */
export const description: INodeProperties[] = [];

/** Subscriber → Get by Phone: the subscriber, or `found: false` when there is none. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const phone = await internationalPhoneOf(this, itemIndex);
	const subscriber = await findByPhone(this, phone, itemIndex);
	return { json: subscriber ? { found: true, ...(subscriber as IDataObject) } : { found: false, phone } };
}
