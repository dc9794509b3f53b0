import type { IDataObject } from 'n8n-workflow';

import { channel360Request, type Channel360Context } from './channel360Request';

/** Channel360's subscriber (opt-in list) endpoints: the Subscriber resource and the opt-in check. */

export const SUBSCRIBER_PAGE_SIZE = 100;

/** One page of subscribers; `search` is Channel360's regex search (e.g. a number's digits). */
export async function searchSubscribers(
	context: Channel360Context,
	options: { search?: string; page?: number; itemIndex?: number; resource?: string; onRateLimited?: (untilEpochMs: number) => void },
): Promise<unknown> {
	const qs: IDataObject = { limit: SUBSCRIBER_PAGE_SIZE };
	if (options.page !== undefined) qs.page = options.page;
	if (options.search) qs.search = options.search;
	return await channel360Request.call(context, {
		method: 'GET',
		path: '/subscribers',
		qs,
		resource: options.resource ?? 'subscriber',
		itemIndex: options.itemIndex,
		onRateLimited: options.onRateLimited,
	});
}

const subscriberPath = (id: string) => `/subscribers/${encodeURIComponent(id)}`;

/** Creates a subscriber (not repeated: Channel360 would refuse the second as a duplicate). */
export async function postSubscriber(context: Channel360Context, subscriber: IDataObject, itemIndex?: number): Promise<unknown> {
	return await channel360Request.call(context, { method: 'POST', path: '/subscribers', body: subscriber, resource: 'subscriber', itemIndex, idempotent: false });
}

export async function getSubscriberById(context: Channel360Context, id: string, itemIndex?: number): Promise<unknown> {
	return await channel360Request.call(context, { method: 'GET', path: subscriberPath(id), resource: 'subscriber', itemIndex });
}

/** PUT replaces the whole record: give every field (read it first). */
export async function putSubscriber(context: Channel360Context, id: string, subscriber: IDataObject, itemIndex?: number): Promise<unknown> {
	return await channel360Request.call(context, { method: 'PUT', path: subscriberPath(id), body: subscriber, resource: 'subscriber', itemIndex });
}

export async function deleteSubscriberById(context: Channel360Context, id: string, itemIndex?: number): Promise<void> {
	await channel360Request.call(context, { method: 'DELETE', path: subscriberPath(id), resource: 'subscriber', itemIndex });
}
