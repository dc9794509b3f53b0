import type { IDataObject } from 'n8n-workflow';

import { templatesOfList, type ListedTemplate } from '../core/notificationRequest';
import type { RetryPolicy } from '../core/retryPolicy';
import { channel360Request, type Channel360Context } from './channel360Request';

/** Channel360's template endpoints: the Template resource, the notification sender and the editor's picker. */

export async function listTemplates(
	context: Channel360Context,
	options: { itemIndex?: number; qs?: IDataObject; retry?: Partial<RetryPolicy> } = {},
): Promise<ListedTemplate[]> {
	const body = await channel360Request.call(context, {
		method: 'GET',
		path: '/templates/list',
		qs: options.qs,
		resource: 'template list',
		itemIndex: options.itemIndex,
		retry: options.retry,
	});
	return templatesOfList(body);
}

export async function getTemplateByName(context: Channel360Context, name: string, itemIndex?: number): Promise<IDataObject> {
	return (await channel360Request.call(context, {
		method: 'GET',
		path: `/templates/${encodeURIComponent(name)}`,
		resource: `template "${name}"`,
		itemIndex,
	})) as IDataObject;
}

/** Submits a new template to Meta through Channel360 (not repeated: it would submit it twice). */
export async function submitTemplate(context: Channel360Context, template: IDataObject, itemIndex?: number): Promise<IDataObject> {
	return (await channel360Request.call(context, {
		method: 'POST',
		path: '/whatsapp/templates',
		body: template,
		resource: 'template',
		itemIndex,
		idempotent: false,
	})) as IDataObject;
}

export async function updateTemplateById(context: Channel360Context, id: string, fields: IDataObject, itemIndex?: number): Promise<IDataObject> {
	return (await channel360Request.call(context, {
		method: 'PUT',
		path: `/templates/${encodeURIComponent(id)}`,
		body: fields,
		resource: 'template',
		itemIndex,
	})) as IDataObject;
}

export async function deleteTemplateById(context: Channel360Context, id: string, itemIndex?: number): Promise<void> {
	await channel360Request.call(context, { method: 'DELETE', path: `/templates/${encodeURIComponent(id)}`, resource: 'template', itemIndex });
}

/** Asks Channel360 to fetch the templates' statuses from Meta again. */
export async function refreshTemplatesFromMeta(context: Channel360Context, itemIndex?: number): Promise<IDataObject> {
	return (await channel360Request.call(context, {
		method: 'POST',
		path: '/whatsapp/templates/refresh',
		resource: 'template refresh',
		itemIndex,
	})) as IDataObject;
}
