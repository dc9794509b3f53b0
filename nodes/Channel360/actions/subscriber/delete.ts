import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { deleteSubscriberById } from '../../transport/subscribers';
import type { ItemResult } from '../types';
import { subscriberIdOf } from './subscriberLookup';

/** Its one field, the subscriber, is shared (subscriberLookup.ts). */
export const description: INodeProperties[] = [];

/** Subscriber → Delete. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const subscriberId = await subscriberIdOf(this, itemIndex);
	await deleteSubscriberById(this, subscriberId, itemIndex);
	return { json: { deleted: true, subscriberId } };
}
