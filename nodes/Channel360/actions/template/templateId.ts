import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FieldError, requireText } from '../../core/fieldError';
import { isObjectId } from '../../core/objectId';
import { templateIdByName } from '../../core/templateLookup';
import { listTemplates } from '../../transport/templates';
import { idField, shownFor } from '../commonFields';

/** The template that Update and Delete act on. */
export const templateIdField: INodeProperties = idField(
	'templateId',
	'Template ID or Name',
	shownFor('template', 'update', 'delete'),
	'The Channel360 template ID (the "id" field of Get or Get Many) or the template\'s name, e.g. order_shipped (a name used for several languages needs the ID)',
);

/** The template ID of Update and Delete: given as such, or found by the template's name. */
export async function templateIdOf(ctx: IExecuteFunctions, itemIndex: number): Promise<string> {
	const given = requireText(ctx.getNodeParameter('templateId', itemIndex), 'Template');
	if (isObjectId(given)) return given;
	const found = templateIdByName(await listTemplates(ctx, { itemIndex }), given);
	if (!found.ok) throw new FieldError('Template', found.problem, found.fix);
	return found.id;
}
