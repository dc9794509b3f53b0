import type { INodePropertyOptions } from 'n8n-workflow';

/** WhatsApp's template categories, as Create sets them and Get Many filters by them. */
export const CATEGORY_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Authentication', value: 'AUTHENTICATION' },
	{ name: 'Marketing', value: 'MARKETING' },
	{ name: 'Utility', value: 'UTILITY' },
];
