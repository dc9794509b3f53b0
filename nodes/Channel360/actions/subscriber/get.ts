import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { subscriberOfResponse } from '../../core/subscribers';
import { getSubscriberById } from '../../transport/subscribers';
import type { ItemResult } from '../types';
import { subscriberIdOf } from './subscriberLookup';

/** Its one field, the subscriber, is shared (subscriberLookup.ts). */
export const description: INodeProperties[] = [];

/** Subscriber → Get: by ID or phone number, with their groups. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const body = await getSubscriberById(this, await subscriberIdOf(this, itemIndex), itemIndex);
	return { json: subscriberOfResponse(body) as IDataObject };
}
