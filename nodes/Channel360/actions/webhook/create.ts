import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FieldError, requireText } from '../../core/fieldError';
import { withoutTriggerSecret } from '../../core/webhookList';
import { registerWebhook } from '../../transport/webhooks';
import { TRIGGER_EVENT_OPTIONS } from '../../trigger/events';
import { shownFor } from '../commonFields';
import type { ItemResult } from '../types';

const shown = shownFor('webhook', 'create');

export const description: INodeProperties[] = [
	{
		displayName: 'Target URL',
		name: 'target',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://n8n.example.co.za/webhook/abc123',
		description: 'Where Channel360 posts the events. Channel360 signs nothing, so use an unguessable URL.',
		displayOptions: shown,
	},
	{
		displayName: 'Events',
		name: 'triggers',
		type: 'multiOptions',
		options: TRIGGER_EVENT_OPTIONS,
		default: ['message:appUser'],
		required: true,
		description: 'Which events Channel360 posts to the URL',
		displayOptions: shown,
	},
];

/** Webhook → Create: registers a URL by hand (the Channel360 Trigger registers its own). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	const target = requireText(this.getNodeParameter('target', itemIndex), 'Target URL');
	if (!/^https?:\/\/\S+$/i.test(target)) {
		throw new FieldError('Target URL', `Target URL "${target}" is not a web address`, 'Give the full http(s) URL Channel360 should post to.');
	}
	const triggers = this.getNodeParameter('triggers', itemIndex) as string[];
	if (!triggers.length) throw new FieldError('Events', 'No events chosen', 'Pick at least one event.');
	const { created, response } = await registerWebhook(this, { target, triggers }, itemIndex);
	return { json: { created: true, ...withoutTriggerSecret(created ?? { target, triggers }), response } };
}
