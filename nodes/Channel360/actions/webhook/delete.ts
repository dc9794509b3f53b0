import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requireText } from '../../core/fieldError';
import { deleteWebhookById } from '../../transport/webhooks';
import { idField, shownFor } from '../commonFields';
import type { ItemResult } from '../types';

export const description: INodeProperties[] = [
	idField('webhookId', 'Webhook ID', shownFor('webhook', 'delete'), 'The ID of the webhook, as Get Many lists it'),
];

/** Webhook → Delete. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const webhookId = requireText(this.getNodeParameter('webhookId', itemIndex), 'Webhook ID');
	await deleteWebhookById(this, webhookId, itemIndex);
	return { json: { deleted: true, webhookId } };
}
