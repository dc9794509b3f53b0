import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemResult } from '../types';
import { setOptIn } from './optInStatus';

/** Its one field, the subscriber, is shared (subscriberLookup.ts). */
export const description: INodeProperties[] = [];

/** Subscriber → Opt Out: wants no business-initiated messages. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	return await setOptIn(this, itemIndex, false);
}
