import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { deleteTemplateById } from '../../transport/templates';
import type { ItemResult } from '../types';
import { templateIdOf } from './templateId';

/** Its one field, the template, is shared with Update (templateId.ts). */
export const description: INodeProperties[] = [];

/** Template → Delete: removes Channel360's copy (WhatsApp keeps it). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const templateId = await templateIdOf(this, itemIndex);
	await deleteTemplateById(this, templateId, itemIndex);
	return { json: { deleted: true, templateId } };
}
