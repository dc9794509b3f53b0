import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { filterTemplates, type TemplateFilters } from '../../core/templateFilters';
import { listTemplates } from '../../transport/templates';
import { returnAllFields, shownFor } from '../commonFields';
import type { ItemResult } from '../types';
import { CATEGORY_OPTIONS } from './categoryOptions';

const shown = shownFor('template', 'getAll');

export const description: INodeProperties[] = [
	...returnAllFields(shown),
	{
		displayName: 'Filters',
		name: 'templateFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: shown,
		options: [
			{
				displayName: 'Category',
				name: 'category',
				type: 'options',
				options: [{ name: 'Any', value: '' }, ...CATEGORY_OPTIONS],
				default: '',
			},
			{
				displayName: 'Enabled',
				name: 'enabled',
				type: 'options',
				options: [
					{ name: 'Any', value: '' },
					{ name: 'Enabled Only', value: 'true' },
					{ name: 'Disabled Only', value: 'false' },
				],
				default: '',
				description: "Channel360's own on/off switch for a template",
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: '',
				placeholder: 'e.g. en_US',
				description: 'Only templates in this language code',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Any', value: '' },
					{ name: 'Approved', value: 'APPROVED' },
					{ name: 'Pending', value: 'PENDING' },
					{ name: 'Rejected', value: 'REJECTED' },
				],
				default: '',
				description: 'WhatsApp approval status; run Refresh From Meta first for the latest',
			},
		],
	},
];

/** Template → Get Many: Channel360 filters by `enabled` only; the other filters are applied here. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const filters = this.getNodeParameter('templateFilters', itemIndex, {}) as IDataObject;
	const listed = await listTemplates(this, { itemIndex, qs: filters.enabled ? { enabled: filters.enabled } : undefined });
	const templates = filterTemplates(listed, filters as TemplateFilters);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	return { json: (returnAll ? templates : templates.slice(0, limit)) as IDataObject[] };
}
