import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	isNewerGeneration,
	newGeneration,
	secretOfTarget,
	secretsMatch,
	signedToken,
	targetPointsTo,
	targetWithSecret,
	verifiedGeneration,
	type TokenScope,
} from '../core/webhookSecret';
import { webhookIdOf } from '../core/webhookList';
import { credentialsOf } from '../transport/channel360Request';
import { deleteWebhookById, listWebhooks, registerWebhook } from '../transport/webhooks';
import { sameTriggers, triggersToRegister } from './events';

/**
 * What the trigger keeps about its registration, in the node's workflow static data. None of it
 * is needed to verify a delivery (the token is derived from the credential, see
 * core/webhookSecret.ts), so a late or lost save costs at most the refusal of a rotated token.
 */
export interface RegistrationState {
	webhookId?: string;
	triggers?: string[];
	/** Generation of the production URL's token: deliveries with an older one are refused. Only moves forward. */
	tokenGeneration?: string;
	/** The same for the editor's test URL, so that listening for a test event never rotates production. */
	testTokenGeneration?: string;
	/** The random secret of a registration made before tokens were derived; still accepted while it is registered. */
	secret?: string;
}

type TriggerContext = IHookFunctions | IWebhookFunctions;

/** n8n runs test URLs ("listen for test event") in manual mode, production ones in webhook or trigger mode. */
function tokenScope(context: TriggerContext): TokenScope {
	return {
		kind: context.getMode() === 'manual' ? 'test' : 'production',
		workflowId: context.getWorkflow().id ?? '',
		nodeId: context.getNode().id,
	};
}

function generationField(scope: TokenScope): 'tokenGeneration' | 'testTokenGeneration' {
	return scope.kind === 'test' ? 'testTokenGeneration' : 'tokenGeneration';
}

/** The key tokens are signed with: the credential's API token, which every n8n process can read. */
async function tokenKey(context: TriggerContext): Promise<string> {
	return String((await credentialsOf(context)).apiToken ?? '');
}

/** Moves the stored generation forward (never back), writing only when it changes. */
function advanceGeneration(state: RegistrationState, scope: TokenScope, generation: string): void {
	const field = generationField(scope);
	if (isNewerGeneration(generation, state[field])) state[field] = generation;
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
 * are considered ours. The current one carries a token this credential signed, not older than
 * the stored generation (or the pre-derivation secret the static data holds); the others (other
 * token, other API token, other triggers, duplicates) are removed so that n8n's `create`
 * registers exactly one.
 */
export async function webhookExists(this: IHookFunctions): Promise<boolean> {
	const state = this.getWorkflowStaticData('node') as RegistrationState;
	const url = ourWebhookUrl(this);
	const wanted = selectedTriggers(this);
	const scope = tokenScope(this);
	const key = await tokenKey(this);
	const ours = (await listWebhooks(this)).filter((webhook) => targetPointsTo(webhook.target, url));

	let current: (typeof ours)[number] | undefined;
	let currentGeneration: string | undefined;
	for (const webhook of ours) {
		if (!sameTriggers(webhook.triggers, wanted)) continue;
		const token = secretOfTarget(webhook.target ?? '');
		const generation = verifiedGeneration(key, scope, token);
		if (generation !== undefined) {
			const stale = isNewerGeneration(state[generationField(scope)], generation);
			if (!stale && (currentGeneration === undefined || isNewerGeneration(generation, currentGeneration))) {
				current = webhook;
				currentGeneration = generation;
			}
		} else if (current === undefined && state.secret !== undefined && token === state.secret) {
			current = webhook;
		}
	}
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
	if (currentGeneration !== undefined) advanceGeneration(state, scope, currentGeneration);
	return true;
}

/** Registers the webhook with a token of a new generation: every registration rotates the token. */
export async function createWebhook(this: IHookFunctions): Promise<boolean> {
	const state = this.getWorkflowStaticData('node') as RegistrationState;
	const url = ourWebhookUrl(this);
	const triggers = selectedTriggers(this);
	const scope = tokenScope(this);
	const generation = newGeneration(Date.now(), state[generationField(scope)]);
	const target = targetWithSecret(url, signedToken(await tokenKey(this), scope, generation));

	const { created } = await registerWebhook(this, { target, triggers });
	if (!created || !webhookIdOf(created)) {
		throw new NodeOperationError(this.getNode(), 'Channel360 accepted the webhook but does not list it', {
			description: 'Check the webhooks of the organisation in Channel360, then activate the workflow again.',
		});
	}
	state.webhookId = webhookIdOf(created);
	state.triggers = triggers;
	advanceGeneration(state, scope, generation);
	// The production registration that used the old random secret was removed by webhookExists.
	if (scope.kind === 'production') delete state.secret;
	return true;
}

/**
 * Removes our webhook and nothing else: webhooks whose target is this node's n8n URL (the URL
 * holds this node's unique webhook id, and test and production URLs differ). The generation
 * stays: after re-publishing, a token older than it is still refused. An old random secret is
 * forgotten only when no other webhook still carries it: closing a test listener must not lock
 * out the production webhook of the same workflow.
 */
export async function deleteOurWebhook(this: IHookFunctions): Promise<boolean> {
	const state = this.getWorkflowStaticData('node') as RegistrationState;
	const url = ourWebhookUrl(this);
	const webhooks = await listWebhooks(this);
	const removed: string[] = [];
	for (const webhook of webhooks.filter((candidate) => targetPointsTo(candidate.target, url))) {
		const id = webhookIdOf(webhook);
		if (id) {
			await deleteWebhookById(this, id);
			removed.push(id);
		}
	}
	if (state.webhookId === undefined || removed.includes(state.webhookId)) {
		delete state.webhookId;
		delete state.triggers;
	}
	const others = webhooks.filter((webhook) => !targetPointsTo(webhook.target, url));
	if (state.secret !== undefined && !others.some((webhook) => secretOfTarget(webhook.target ?? '') === state.secret)) {
		delete state.secret;
	}
	return true;
}

/** Why a delivery is refused, for the HTTP answer (never containing a token). */
export interface DeliveryRefusal {
	status: number;
	message: string;
}

/**
 * Checks the token a delivery brings back, in any n8n process: a token this credential signed
 * for this node, not older than the generation n8n saved. A newer one is accepted (and
 * recorded): n8n saves the registration's static data after Channel360 already has the URL.
 */
export async function refusalOfDelivery(
	this: IWebhookFunctions,
	state: RegistrationState,
	token: unknown,
): Promise<DeliveryRefusal | undefined> {
	if (state.secret !== undefined && secretsMatch(state.secret, token)) return undefined;
	const scope = tokenScope(this);
	let key: string;
	try {
		key = await tokenKey(this);
	} catch (error) {
		this.logger.error(`Channel360 Trigger: cannot read the credential to verify a delivery (${(error as Error).message})`);
		return { status: 500, message: 'This workflow cannot verify deliveries: its Channel360 credential cannot be read' };
	}
	const generation = verifiedGeneration(key, scope, token);
	if (generation === undefined) {
		return { status: 401, message: 'This delivery does not carry the secret this workflow registered with Channel360' };
	}
	if (isNewerGeneration(state[generationField(scope)], generation)) {
		return { status: 401, message: 'This delivery carries the secret of an earlier registration of this workflow' };
	}
	advanceGeneration(state, scope, generation);
	return undefined;
}
