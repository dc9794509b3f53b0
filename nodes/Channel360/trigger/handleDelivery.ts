import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { deduplicationKey, normaliseDelivery, type NormalisedEvent } from '../core/normalise';
import { hasSeen, recordCustomer, rememberEvent } from '../core/triggerMemory';
import { SECRET_QUERY_PARAMETER } from '../core/webhookSecret';
import { ALWAYS_REGISTERED_TRIGGER } from './events';
import { refusalOfDelivery, type RegistrationState } from './registration';
import { keepMemory, memoryForDelivery, type StoredMemory } from './processMemory';
import { deliveryItems, type ItemOptions } from './deliveryItems';
import { answeredWaitingExecution } from './resumeWaiting';

interface TriggerOptions extends ItemOptions {
	messageTypes?: string[];
	includeApiEchoes?: boolean;
	dropDuplicates?: boolean;
	startWorkflowForAnswers?: boolean;
}

function refuse(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	context.getResponseObject().status(status).json({ message });
	return { noWebhookResponse: true };
}

/** Whether the user asked for this event, with the loop guard and the type filter applied. */
function wanted(event: NormalisedEvent, selected: readonly string[], options: TriggerOptions): boolean {
	if (!selected.includes(event.event)) return false;
	if (
		event.event === ALWAYS_REGISTERED_TRIGGER &&
		!options.includeApiEchoes &&
		(event.sourceType === 'api' || event.sourceType === 'notification')
	) {
		return false;
	}
	const types = options.messageTypes ?? [];
	if (types.length > 0 && event.direction !== 'status' && !types.includes(event.type)) return false;
	return true;
}

/**
 * One delivery: verify the secret, validate the body, answer 200 at once, then drop what the
 * user did not ask for (and duplicates), and emit each remaining event with its window state.
 */
export async function handleDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const state = this.getWorkflowStaticData('node') as RegistrationState & StoredMemory;
	const query = this.getQueryData() as IDataObject;
	const workflowId = this.getWorkflow().id;
	const nodeId = this.getNode().id;
	const refusal = await refusalOfDelivery.call(this, state, query[SECRET_QUERY_PARAMETER]);
	if (refusal) return refuse(this, refusal.status, refusal.message);
	const parsed = normaliseDelivery(this.getBodyData());
	// Only a body with no Channel360 event in it is refused: it holds no message to lose, and the
	// 400 tells whoever misconfigured the sender. Anything with a trigger gets its 200.
	if (!parsed.ok) return refuse(this, 400, `Not a Channel360 webhook delivery: ${parsed.reason}`);
	for (const note of parsed.skipped) this.logger.warn(`Channel360 Trigger: ${note}`);

	// Channel360 does not wait for the workflow: say "received" before doing any work. Answering
	// here also keeps the trigger's memory: n8n saves a webhook call's static data when the node
	// answers itself; when n8n answers, it first builds the execution's workflow from the same
	// static data, which clears n8n's record that it changed (n8n 2.40), and nothing is saved.
	this.getResponseObject().status(200).json({ received: true });

	const selected = this.getNodeParameter('events', []) as string[];
	const options = this.getNodeParameter('options', {}) as TriggerOptions;
	const now = Date.now();

	// Everything this process saw, including deliveries whose static data n8n has not saved yet.
	const memory = memoryForDelivery(state, workflowId, nodeId, now);

	const events: NormalisedEvent[] = [];
	for (const event of parsed.events) {
		const key = deduplicationKey(event);
		if (options.dropDuplicates !== false && hasSeen(memory, key)) continue;
		rememberEvent(memory, key, now);
		if (event.appUserId) {
			// Every message moves the window (or tells who started the conversation), whether or not
			// the user wants the event.
			const atMs = event.direction === 'inbound' ? (event.atMs ?? now) : undefined;
			const businessAtMs = event.direction === 'outbound' ? (event.atMs ?? now) : undefined;
			if (atMs !== undefined || businessAtMs !== undefined) recordCustomer(memory, event.appUserId, { atMs, businessAtMs }, now);
		}
		// A tap answering a Send and Wait question resumes that execution instead of starting this workflow.
		if ((await answeredWaitingExecution(this, event)) && !options.startWorkflowForAnswers) continue;
		if (wanted(event, selected, options)) events.push(event);
	}
	keepMemory(state, workflowId, nodeId, memory);
	if (events.length === 0) return { noWebhookResponse: true };

	const items = await deliveryItems(this, events, memory, options, now);
	return { noWebhookResponse: true, workflowData: [items] };
}
