import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FieldError, requireText } from '../core/fieldError';
import { withoutTriggerSecret } from '../core/webhookList';
import { deleteWebhookById, listWebhooks, registerWebhook } from '../transport/webhooks';
import type { ItemResult } from './types';

export async function getManyWebhooks(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	return { json: (await listWebhooks(this, itemIndex)).map(withoutTriggerSecret) as IDataObject[] };
}

export async function createWebhook(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const target = requireText(this.getNodeParameter('target', itemIndex), 'Target URL');
	if (!/^https?:\/\/\S+$/i.test(target)) {
		throw new FieldError('Target URL', `Target URL "${target}" is not a web address`, 'Give the full http(s) URL Channel360 should post to.');
	}
	const triggers = this.getNodeParameter('triggers', itemIndex) as string[];
	if (!triggers.length) throw new FieldError('Events', 'No events chosen', 'Pick at least one event.');
	const { created, response } = await registerWebhook(this, { target, triggers }, itemIndex);
	return { json: { created: true, ...withoutTriggerSecret(created ?? { target, triggers }), response } };
}

export async function deleteWebhook(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const webhookId = requireText(this.getNodeParameter('webhookId', itemIndex), 'Webhook ID');
	await deleteWebhookById(this, webhookId, itemIndex);
	return { json: { deleted: true, webhookId } };
}
