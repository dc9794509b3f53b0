import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FieldError, requireText } from '../core/fieldError';
import { channel360Request } from '../transport/channel360Request';
import type { ItemResult } from './types';

/** GET /webhooks answers a bare array (source) or an object holding webhooks (docs). */
function webhooksOf(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	if (typeof body !== 'object' || body === null) return [];
	return Object.values(body as IDataObject).flatMap((value) =>
		Array.isArray(value) ? (value as IDataObject[]) : typeof value === 'object' && value !== null ? [value as IDataObject] : [],
	);
}

async function listWebhooks(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return webhooksOf(await channel360Request.call(ctx, { method: 'GET', path: '/webhooks', resource: 'webhook list', itemIndex }));
}

export async function getManyWebhooks(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	return { json: await listWebhooks(this, itemIndex) };
}

export async function createWebhook(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const target = requireText(this.getNodeParameter('target', itemIndex), 'Target URL');
	if (!/^https?:\/\/\S+$/i.test(target)) {
		throw new FieldError('Target URL', `Target URL "${target}" is not a web address`, 'Give the full http(s) URL Channel360 should post to.');
	}
	const triggers = this.getNodeParameter('triggers', itemIndex) as string[];
	if (!triggers.length) throw new FieldError('Events', 'No events chosen', 'Pick at least one event.');
	const response = await channel360Request.call(this, {
		method: 'POST',
		path: '/webhooks',
		body: { target, triggers },
		resource: 'webhook',
		itemIndex,
		idempotent: false,
	});
	// Channel360 does not return the new id: find it in the list (the newest with this target).
	const created = (await listWebhooks(this, itemIndex)).filter((webhook) => webhook.target === target).pop();
	return { json: { created: true, ...(created ?? { target, triggers }), response: response as IDataObject } };
}

export async function deleteWebhook(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const webhookId = requireText(this.getNodeParameter('webhookId', itemIndex), 'Webhook ID');
	await channel360Request.call(this, {
		method: 'DELETE',
		path: `/webhooks/${encodeURIComponent(webhookId)}`,
		resource: 'webhook',
		itemIndex,
	});
	return { json: { deleted: true, webhookId } };
}
