import type { IDataObject } from 'n8n-workflow';

import { asWebhookList, newestWithTarget, type RemoteWebhook } from '../core/webhookList';
import { channel360Request, type Channel360Context } from './channel360Request';

/** Channel360's webhook endpoints, for the trigger's self-registration and the Webhook resource. */
export async function listWebhooks(context: Channel360Context, itemIndex?: number): Promise<RemoteWebhook[]> {
	return asWebhookList(await channel360Request.call(context, { method: 'GET', path: '/webhooks', resource: 'webhook', itemIndex }));
}

/** Registers a webhook and returns it as listed (Channel360's answer carries no id). */
export async function registerWebhook(
	context: Channel360Context,
	webhook: { target: string; triggers: string[] },
	itemIndex?: number,
): Promise<{ created: RemoteWebhook | undefined; response: IDataObject }> {
	const response = (await channel360Request.call(context, {
		method: 'POST',
		path: '/webhooks',
		body: webhook,
		resource: 'webhook',
		itemIndex,
		// Posting twice would register two webhooks, and every message would arrive twice.
		idempotent: false,
	})) as IDataObject;
	return { created: newestWithTarget(await listWebhooks(context, itemIndex), webhook.target), response };
}

export async function deleteWebhookById(context: Channel360Context, id: string, itemIndex?: number): Promise<void> {
	await channel360Request.call(context, {
		method: 'DELETE',
		path: `/webhooks/${encodeURIComponent(id)}`,
		resource: 'webhook',
		itemIndex,
	});
}
