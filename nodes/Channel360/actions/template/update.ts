import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FieldError, parseJsonField } from '../../core/fieldError';
import { updateTemplateById } from '../../transport/templates';
import { shownFor } from '../commonFields';
import type { ItemResult } from '../types';
import { templateIdOf } from './templateId';

/** Update's other field, the template, is shared with Delete (templateId.ts). */
export const description: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: shownFor('template', 'update'),
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Enabled',
				name: 'enabled',
				type: 'boolean',
				default: true,
				description: 'Whether the template is switched on in Channel360',
			},
			{ displayName: 'Namespace', name: 'namespace', type: 'string', default: '' },
			{
				displayName: 'Tags (JSON)',
				name: 'tags',
				type: 'json',
				default: '{ "head": [], "body": [], "buttons": [] }',
				description: 'How Channel360 campaigns fill the variables; not used by this node\'s Notification → Send',
			},
		],
	},
];

/** Template → Update: description, namespace, enabled switch or campaign tags (not the content). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const fields = { ...(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject) };
	if (Object.keys(fields).length === 0) {
		throw new FieldError('Update Fields', 'Nothing to update', 'Add at least one field under Update Fields.');
	}
	if (fields.tags !== undefined) fields.tags = parseJsonField(fields.tags, 'Tags (JSON)') as IDataObject;
	return { json: await updateTemplateById(this, await templateIdOf(this, itemIndex), fields, itemIndex) };
}
