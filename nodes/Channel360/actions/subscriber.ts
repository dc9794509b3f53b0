import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FieldError, requireText } from '../core/fieldError';
import {
	isSubscriberId,
	optStatusUpdate,
	phoneSearchTerm,
	subscriberOfResponse,
	subscribersOfPage,
	subscriberWithPhone,
	totalPagesOf,
} from '../core/subscribers';
import { deleteSubscriberById, getSubscriberById, postSubscriber, putSubscriber, searchSubscribers, SUBSCRIBER_PAGE_SIZE } from '../transport/subscribers';
import { internationalPhoneOf } from './itemParameters';
import type { ItemResult } from './types';

/** The subscriber's id: given, or found from the phone number given in its place. */
async function subscriberIdOf(ctx: IExecuteFunctions, itemIndex: number): Promise<string> {
	const given = requireText(ctx.getNodeParameter('subscriberId', itemIndex), 'Subscriber');
	if (isSubscriberId(given)) return given;
	const phone = await internationalPhoneOf(ctx, itemIndex, given);
	const subscriber = await findByPhone(ctx, phone, itemIndex);
	const id = subscriber?.id ?? subscriber?._id;
	if (typeof id !== 'string' || id === '') {
		throw new FieldError('Subscriber', `Channel360 has no subscriber with the phone number ${phone}`, 'Check the number, or create the subscriber first (Subscriber → Create).');
	}
	return id;
}

async function findByPhone(ctx: IExecuteFunctions, phone: string, itemIndex: number) {
	const body = await searchSubscribers(ctx, { search: phoneSearchTerm(phone), itemIndex });
	return subscriberWithPhone(subscribersOfPage(body), phone);
}

export async function createSubscriber(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const extra = this.getNodeParameter('subscriberFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = { mobileNumber: await internationalPhoneOf(this, itemIndex) };
	if (extra.firstName) body.firstName = extra.firstName;
	if (extra.lastName) body.lastName = extra.lastName;
	return { json: subscriberOfResponse(await postSubscriber(this, body, itemIndex)) as IDataObject };
}

export async function getSubscriber(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const body = await getSubscriberById(this, await subscriberIdOf(this, itemIndex), itemIndex);
	return { json: subscriberOfResponse(body) as IDataObject };
}

export async function getSubscriberByPhone(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const phone = await internationalPhoneOf(this, itemIndex);
	const subscriber = await findByPhone(this, phone, itemIndex);
	return { json: subscriber ? { found: true, ...(subscriber as IDataObject) } : { found: false, phone } };
}

export async function getManySubscribers(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = this.getNodeParameter('subscriberFilters', itemIndex, {}) as IDataObject;
	// Channel360's search is a regex: a leading "+" would be an invalid one.
	const search = String(filters.search ?? '').trim().replace(/^\+/, '');
	const found: IDataObject[] = [];
	for (let page = 1; found.length < limit; page++) {
		const body = await searchSubscribers(this, { page, search, itemIndex, resource: 'subscriber list' });
		const records = subscribersOfPage(body);
		found.push(...(records.filter((record) => !filters.optedInOnly || record.optInStatus === true) as IDataObject[]));
		if (records.length < SUBSCRIBER_PAGE_SIZE || page >= totalPagesOf(body)) break;
	}
	return { json: found.slice(0, limit) };
}

async function setOptIn(ctx: IExecuteFunctions, itemIndex: number, optIn: boolean): Promise<ItemResult> {
	const id = await subscriberIdOf(ctx, itemIndex);
	// PUT clears every field it is not given: read the record, then write all of it back.
	const current = subscriberOfResponse(await getSubscriberById(ctx, id, itemIndex));
	const response = await putSubscriber(ctx, id, optStatusUpdate(current, optIn) as IDataObject, itemIndex);
	return { json: subscriberOfResponse(response) as IDataObject };
}

export async function optInSubscriber(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	return await setOptIn(this, itemIndex, true);
}

export async function optOutSubscriber(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	return await setOptIn(this, itemIndex, false);
}

export async function deleteSubscriber(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const subscriberId = await subscriberIdOf(this, itemIndex);
	await deleteSubscriberById(this, subscriberId, itemIndex);
	return { json: { deleted: true, subscriberId } };
}
