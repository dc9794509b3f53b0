import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { optStatusUpdate, subscriberOfResponse } from '../../core/subscribers';
import { getSubscriberById, putSubscriber } from '../../transport/subscribers';
import type { ItemResult } from '../types';
import { subscriberIdOf } from './subscriberLookup';

/** Opt In and Opt Out: sets the subscriber's opt-in status, keeping the rest of the record. */
export async function setOptIn(ctx: IExecuteFunctions, itemIndex: number, optIn: boolean): Promise<ItemResult> {
	const id = await subscriberIdOf(ctx, itemIndex);
	// PUT clears every field it is not given: read the record, then write all of it back.
	const current = subscriberOfResponse(await getSubscriberById(ctx, id, itemIndex));
	const response = await putSubscriber(ctx, id, optStatusUpdate(current, optIn) as IDataObject, itemIndex);
	return { json: subscriberOfResponse(response) as IDataObject };
}
