import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requireText } from '../../core/fieldError';
import { getTemplateByName } from '../../transport/templates';
import { idField, shownFor } from '../commonFields';
import type { ItemResult } from '../types';

export const description: INodeProperties[] = [
	idField('templateName', 'Template Name', shownFor('template', 'get'), 'The template name, e.g. order_shipped'),
];

/** Template → Get: one template by name. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const name = requireText(this.getNodeParameter('templateName', itemIndex), 'Template Name');
	return { json: await getTemplateByName(this, name, itemIndex) };
}
