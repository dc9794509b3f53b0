import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { generateSecret, secretOfTarget, targetPointsTo, targetWithSecret } from '../core/webhookSecret';
import { webhookIdOf } from '../core/webhookList';
import { deleteWebhookById, listWebhooks, registerWebhook } from '../transport/webhooks';
import { sameTriggers, triggersToRegister } from './events';
import { forgetRegisteredSecret, rememberRegisteredSecret } from './processMemory';

/** What the trigger keeps about its registration, in the node's workflow static data. */
export interface RegistrationState {
	webhookId?: string;
	secret?: string;
	triggers?: string[];
}

function ourWebhookUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) {
		throw new NodeOperationError(context.getNode(), 'n8n did not provide a webhook URL for this trigger', {
			description: 'Save the workflow and try again; n8n assigns the URL when the workflow is saved.',
		});
	}
	return url;
}

function selectedTriggers(context: IHookFunctions): string[] {
	return triggersToRegister(context.getNodeParameter('events', []) as string[]);
}

/**
 * Is our webhook registered as configured? Only webhooks whose target is this node's n8n URL
 * are considered ours; stale ones (other secret, other triggers, duplicates) are removed so
 * that n8n's `create` registers exactly one.
 */
export async function webhookExists(this: IHookFunctions): Promise<boolean> {
	const state = this.getWorkflowStaticData('node') as RegistrationState;
	const url = ourWebhookUrl(this);
	const wanted = selectedTriggers(this);
	const ours = (await listWebhooks(this)).filter((webhook) => targetPointsTo(webhook.target, url));

	const current = ours.find(
		(webhook) =>
			state.secret !== undefined &&
			secretOfTarget(webhook.target ?? '') === state.secret &&
			sameTriggers(webhook.triggers, wanted),
	);
	for (const stale of ours) {
		const id = webhookIdOf(stale);
		if (stale !== current && id) {
			this.logger.info(`Channel360 Trigger: removing outdated webhook ${id} for ${url}`);
			await deleteWebhookById(this, id);
		}
	}
	if (!current) return false;
	state.webhookId = webhookIdOf(current);
	state.triggers = wanted;
	return true;
}

export async function createWebhook(this: IHookFunctions): Promise<boolean> {
	const state = this.getWorkflowStaticData('node') as RegistrationState;
	const url = ourWebhookUrl(this);
	const triggers = selectedTriggers(this);
	const secret = state.secret ?? generateSecret();
	const target = targetWithSecret(url, secret);

	const { created } = await registerWebhook(this, { target, triggers });
	if (!created || !webhookIdOf(created)) {
		throw new NodeOperationError(this.getNode(), 'Channel360 accepted the webhook but does not list it', {
			description: 'Check the webhooks of the organisation in Channel360, then activate the workflow again.',
		});
	}
	state.webhookId = webhookIdOf(created);
	state.secret = secret;
	state.triggers = triggers;
	rememberRegisteredSecret(this.getWorkflow().id, this.getNode().id, secret);
	return true;
}

/**
 * Removes our webhook and nothing else: webhooks whose target is this node's n8n URL (the URL
 * holds this node's unique webhook id, and test and production URLs differ). The secret is
 * forgotten only when no other webhook still carries it: closing a test listener must not lock
 * out the production webhook of the same workflow.
 */
export async function deleteOurWebhook(this: IHookFunctions): Promise<boolean> {
	const state = this.getWorkflowStaticData('node') as RegistrationState;
	const url = ourWebhookUrl(this);
	const webhooks = await listWebhooks(this);
	for (const webhook of webhooks.filter((candidate) => targetPointsTo(candidate.target, url))) {
		const id = webhookIdOf(webhook);
		if (id) await deleteWebhookById(this, id);
	}
	const others = webhooks.filter((webhook) => !targetPointsTo(webhook.target, url));
	const secretStillUsed =
		state.secret !== undefined && others.some((webhook) => secretOfTarget(webhook.target ?? '') === state.secret);
	if (!secretStillUsed) {
		forgetRegisteredSecret(this.getWorkflow().id, this.getNode().id);
		delete state.webhookId;
		delete state.secret;
		delete state.triggers;
	}
	return true;
}
