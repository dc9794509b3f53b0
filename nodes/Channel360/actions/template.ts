import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FieldError, parseJsonField, requireText } from '../core/fieldError';
import { isTemplateId, templateIdByName } from '../core/templateLookup';
import { filterTemplates, type TemplateFilters } from '../core/templateFilters';
import {
	deleteTemplateById,
	getTemplateByName,
	listTemplates,
	refreshTemplatesFromMeta,
	submitTemplate,
	updateTemplateById,
} from '../transport/templates';
import type { ItemResult } from './types';

/** The template ID of Update and Delete: given as such, or found by the template's name. */
async function templateIdOf(ctx: IExecuteFunctions, itemIndex: number): Promise<string> {
	const given = requireText(ctx.getNodeParameter('templateId', itemIndex), 'Template');
	if (isTemplateId(given)) return given;
	const found = templateIdByName(await listTemplates(ctx, { itemIndex }), given);
	if (!found.ok) throw new FieldError('Template', found.problem, found.fix);
	return found.id;
}


export async function getManyTemplates(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const filters = this.getNodeParameter('templateFilters', itemIndex, {}) as IDataObject;
	// Channel360 filters by `enabled` only; the rest is done here.
	const listed = await listTemplates(this, { itemIndex, qs: filters.enabled ? { enabled: filters.enabled } : undefined });
	const templates = filterTemplates(listed, filters as TemplateFilters);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	return { json: (returnAll ? templates : templates.slice(0, limit)) as IDataObject[] };
}

export async function getTemplate(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const name = requireText(this.getNodeParameter('templateName', itemIndex), 'Template Name');
	return { json: await getTemplateByName(this, name, itemIndex) };
}

export async function createTemplate(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
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

export async function updateTemplate(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const fields = { ...(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject) };
	if (Object.keys(fields).length === 0) {
		throw new FieldError('Update Fields', 'Nothing to update', 'Add at least one field under Update Fields.');
	}
	if (fields.tags !== undefined) fields.tags = parseJsonField(fields.tags, 'Tags (JSON)') as IDataObject;
	return { json: await updateTemplateById(this, await templateIdOf(this, itemIndex), fields, itemIndex) };
}

export async function deleteTemplate(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const templateId = await templateIdOf(this, itemIndex);
	await deleteTemplateById(this, templateId, itemIndex);
	return { json: { deleted: true, templateId } };
}

export async function refreshTemplates(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	return { json: { refreshStarted: true, response: await refreshTemplatesFromMeta(this, itemIndex) } };
}
