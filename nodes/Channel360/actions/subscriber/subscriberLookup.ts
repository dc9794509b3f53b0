import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FieldError, requireText } from '../../core/fieldError';
import { isObjectId } from '../../core/objectId';
import { phoneSearchTerm, subscribersOfPage, subscriberWithPhone } from '../../core/subscribers';
import { searchSubscribers } from '../../transport/subscribers';
import { idField, shownFor } from '../commonFields';
import { internationalPhoneOf } from '../itemParameters';

/** The subscriber that Get, Delete, Opt In and Opt Out act on: an ID, or a phone number to look it up by. */
export const subscriberIdField: INodeProperties = {
	...idField(
		'subscriberId',
		'Subscriber ID or Phone Number',
		shownFor('subscriber', 'get', 'delete', 'optIn', 'optOut'),
		'The Channel360 subscriber ID, or the subscriber\'s phone number (e.g. +27821234567 or 082 123 4567): the node looks the ID up',
	),
	placeholder: 'e.g. +27821234567 or 64f1c0ffee0123456789abcd',
};

/** The subscriber's id: given, or found from the phone number given in its place. */
export async function subscriberIdOf(ctx: IExecuteFunctions, itemIndex: number): Promise<string> {
	const given = requireText(ctx.getNodeParameter('subscriberId', itemIndex), 'Subscriber');
	// Anything but an ID is a phone number.
	if (isObjectId(given)) return given;
	const phone = await internationalPhoneOf(ctx, itemIndex, given);
	const subscriber = await findByPhone(ctx, phone, itemIndex);
	const id = subscriber?.id ?? subscriber?._id;
	if (typeof id !== 'string' || id === '') {
		throw new FieldError('Subscriber', `Channel360 has no subscriber with the phone number ${phone}`, 'Check the number, or create the subscriber first (Subscriber → Create).');
	}
	return id;
}

/** The subscriber with exactly this phone number, if Channel360 has one. */
export async function findByPhone(ctx: IExecuteFunctions, phone: string, itemIndex: number) {
	const body = await searchSubscribers(ctx, { search: phoneSearchTerm(phone), itemIndex });
	return subscriberWithPhone(subscribersOfPage(body), phone);
}
