import type { IBinaryData, IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { deduplicationKey, normaliseDelivery, type NormalisedEvent } from '../core/normalise';
import { hasSeen, recordCustomer, rememberEvent } from '../core/triggerMemory';
import { SECRET_QUERY_PARAMETER } from '../core/webhookSecret';
import type { TimedMessage } from '../core/window';
import { ALWAYS_REGISTERED_TRIGGER } from './events';
import { refusalOfDelivery, type RegistrationState } from './registration';
import { keepMemory, memoryForDelivery, type StoredMemory } from './processMemory';
import { WindowResolver } from './windowEnrichment';

interface TriggerOptions {
	messageTypes?: string[];
	includeApiEchoes?: boolean;
	dropDuplicates?: boolean;
	useHistory?: boolean;
	downloadMedia?: boolean;
	binaryPropertyName?: string;
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

function outputItem(event: NormalisedEvent, window: IDataObject, raw: IDataObject, receivedAt: string): IDataObject {
	// atMs is for window arithmetic only; the item carries the ISO timestamp.
	const fields: IDataObject = { ...event };
	delete fields.atMs;
	return { ...fields, receivedAt, window, raw };
}

async function downloadMedia(context: IWebhookFunctions, event: NormalisedEvent): Promise<IBinaryData | undefined> {
	if (!event.media) return undefined;
	const response = (await context.helpers.httpRequest({
		method: 'GET',
		url: event.media.url,
		encoding: 'arraybuffer',
		returnFullResponse: true,
	})) as { body: ArrayBuffer | Buffer; headers: Record<string, string> };
	const mimeType = event.media.mimeType ?? response.headers['content-type'] ?? undefined;
	return await context.helpers.prepareBinaryData(
		Buffer.from(response.body as ArrayBuffer),
		event.media.fileName ?? undefined,
		mimeType,
	);
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
	if (!parsed.ok) return refuse(this, 400, `Not a Channel360 webhook delivery: ${parsed.reason}`);

	// Channel360 does not wait for the workflow: say "received" before doing any work. Answering
	// here also keeps the trigger's memory: n8n saves a webhook call's static data when the node
	// answers itself; when n8n answers, it first builds the execution's workflow from the same
	// static data, which clears n8n's record that it changed (n8n 2.40), and nothing is saved.
	this.getResponseObject().status(200).json({ received: true });

	const selected = this.getNodeParameter('events', []) as string[];
	const options = this.getNodeParameter('options', {}) as TriggerOptions;
	const now = Date.now();
	const receivedAt = new Date(now).toISOString();
	const raw = this.getBodyData();

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
		if (wanted(event, selected, options)) events.push(event);
	}
	keepMemory(state, workflowId, nodeId, memory);
	if (events.length === 0) return { noWebhookResponse: true };

	const delivered: TimedMessage[] = events
		.filter((event) => event.direction !== 'status' && event.atMs !== null)
		.map((event) => ({ author: event.direction === 'inbound' ? 'customer' : 'business', at: event.atMs as number }));
	const resolver = new WindowResolver(this, memory, options.useHistory !== false);
	const items: INodeExecutionData[] = [];
	for (const event of events) {
		const window = await resolver.windowFor(event, delivered, now);
		const item: INodeExecutionData = { json: outputItem(event, window as unknown as IDataObject, raw, receivedAt) };
		if (options.downloadMedia && event.media) {
			// Channel360 already has its 200: a failed download must not lose the message.
			try {
				const binary = await downloadMedia(this, event);
				if (binary) item.binary = { [options.binaryPropertyName || 'data']: binary };
			} catch (error) {
				item.json.mediaDownloadError = `The media could not be downloaded: ${(error as Error).message}`;
			}
		}
		items.push(item);
	}
	return { noWebhookResponse: true, workflowData: [items] };
}
