import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FieldError, parseJsonField, requireText } from '../../core/fieldError';
import { submitTemplate } from '../../transport/templates';
import { shownFor } from '../commonFields';
import type { ItemResult } from '../types';
import { CATEGORY_OPTIONS } from './categoryOptions';

const shown = shownFor('template', 'create');

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. order_shipped',
		description: 'Lowercase letters, digits and underscores; must not end with an underscore',
		displayOptions: shown,
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: 'en_US',
		required: true,
		description: 'WhatsApp language code, e.g. en_US, en, af, zu',
		displayOptions: shown,
	},
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		options: CATEGORY_OPTIONS,
		default: 'UTILITY',
		required: true,
		displayOptions: shown,
	},
	{
		displayName: 'Components (JSON)',
		name: 'components',
		type: 'json',
		default:
			'[\n  { "type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped.", "example": { "body_text": [["Thandi", "4411"]] } }\n]',
		required: true,
		description:
			'The template content in WhatsApp\'s format: HEADER, BODY (with examples for each variable), FOOTER and BUTTONS components',
		displayOptions: shown,
	},
	{
		displayName: 'Additional Fields',
		name: 'createFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: shown,
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				description: 'A note for your team; defaults to the template name',
			},
			{
				displayName: 'Enabled',
				name: 'enabled',
				type: 'boolean',
				default: true,
				description: 'Whether the template is switched on in Channel360',
			},
			{
				displayName: 'Namespace',
				name: 'namespace',
				type: 'string',
				default: 'default',
				description: 'Channel360 requires a non-empty namespace',
			},
		],
	},
];

/** Template → Create: submits it to WhatsApp for approval; it starts as PENDING. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const name = requireText(this.getNodeParameter('name', itemIndex), 'Name');
	if (!/^[a-z0-9_]*[a-z0-9]$/.test(name)) {
		throw new FieldError('Name', `Name "${name}" is not a valid template name`, 'Use lowercase letters, digits and underscores, not ending with an underscore, e.g. order_shipped.');
	}
	const components = parseJsonField(this.getNodeParameter('components', itemIndex), 'Components (JSON)');
	if (!Array.isArray(components) || components.length === 0) {
		throw new FieldError('Components (JSON)', 'Components (JSON) must be a non-empty array', 'Give at least a BODY component.');
	}
	const extra = this.getNodeParameter('createFields', itemIndex, {}) as IDataObject;
	const language = requireText(this.getNodeParameter('language', itemIndex), 'Language');
	const body = {
		name,
		language,
		category: this.getNodeParameter('category', itemIndex) as string,
		components: components as IDataObject[],
		description: (extra.description as string) || name,
		namespace: (extra.namespace as string) || 'default',
		enabled: extra.enabled !== false,
	};
	const response = await submitTemplate(this, body as unknown as IDataObject, itemIndex);
	return { json: { created: true, name, language, status: 'PENDING', response: response as IDataObject } };
}
