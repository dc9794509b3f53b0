import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { subscribersOfPage, totalPagesOf } from '../../core/subscribers';
import { searchSubscribers, SUBSCRIBER_PAGE_SIZE } from '../../transport/subscribers';
import { returnAllFields, shownFor } from '../commonFields';
import type { ItemResult } from '../types';

const shown = shownFor('subscriber', 'getAll');

export const description: INodeProperties[] = [
	...returnAllFields(shown),
	{
		displayName: 'Filters',
		name: 'subscriberFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: shown,
		options: [
			{
				displayName: 'Opted In Only',
				name: 'optedInOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to return only subscribers who are opted in',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Part of a first name, last name or phone number (digits only, without +)',
			},
		],
	},
];

/** Subscriber → Get Many: newest first, page by page until the limit. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
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
