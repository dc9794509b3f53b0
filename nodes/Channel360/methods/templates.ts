import type { ILoadOptionsFunctions, INodePropertyOptions, ResourceMapperFields } from 'n8n-workflow';

import { approvedTemplateOptions, decodeTemplateChoice, findTemplate } from '../core/notificationRequest';
import { extractTemplateVariables } from '../core/templateParameters';
import { listTemplates } from '../transport/templates';

/**
 * The editor waits for these: a slow or rate-limited Channel360 gets a few seconds, then the
 * picker shows why it is empty (n8n displays the error) instead of spinning for minutes.
 */
export const PICKER_RETRY_BUDGET = { budgetMs: 5_000, maxRetries: 2, maxRetryAfterMs: 3_000 };

const pickerTemplates = async (ctx: ILoadOptionsFunctions) => await listTemplates(ctx, { retry: PICKER_RETRY_BUDGET });

/** The template picker: approved templates only, valued "name|language". */
export async function getApprovedTemplates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return approvedTemplateOptions(await pickerTemplates(this));
}

/** One field per variable of the chosen template: header text or media, body, button suffixes. */
export async function getTemplateVariables(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const value = this.getNodeParameter('template', '') as string;
	if (!value) return { fields: [], emptyFieldsNotice: 'Choose a template first' };
	const choice = decodeTemplateChoice(value);
	const template = findTemplate(await pickerTemplates(this), choice);
	if (!template) {
		return { fields: [], emptyFieldsNotice: `Channel360 has no template "${choice.name}" in ${choice.language}` };
	}
	return {
		fields: extractTemplateVariables(template).map((variable) => ({
			id: variable.id,
			displayName: variable.example ? `${variable.label} (e.g. ${variable.example})` : variable.label,
			required: true,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: 'string',
		})),
		emptyFieldsNotice: `Template "${choice.name}" has no variables`,
	};
}
