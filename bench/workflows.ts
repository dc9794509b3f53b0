/**
 * The workflows the benchmarks run, as n8n imports them. Each side of a comparison has the
 * same shape: (a) our node, (b) n8n's core node doing the same job, same downstream.
 */
import type { WorkflowJson } from '../scripts/n8n';

const PACKAGE = 'n8n-nodes-channel360';
export const BENCH_CREDENTIAL = { id: 'c360BenchCred001', name: 'Channel360 (bench sandbox)' };

type BenchNode = WorkflowJson['nodes'][number] & Record<string, unknown>;

function chain(nodes: BenchNode[]): Pick<WorkflowJson, 'nodes'> & { connections: Record<string, unknown> } {
	const connections: Record<string, unknown> = {};
	nodes.forEach((node, index) => {
		node.position = [index * 240, 0];
		node.typeVersion ??= 1;
		const next = nodes[index + 1];
		if (next) connections[node.name] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
	});
	return { nodes, connections };
}

function workflow(id: string, name: string, nodes: BenchNode[]): WorkflowJson {
	return { id, name, settings: { executionOrder: 'v1' }, ...chain(nodes) };
}

const noOp = (): BenchNode => ({ name: 'Done', type: 'n8n-nodes-base.noOp', parameters: {} });

/** Channel360 Trigger → NoOp. `triggerOptions` is the trigger's Options collection. */
export function triggerWorkflow(id: string, name: string, webhookId: string, triggerOptions: Record<string, unknown> = {}): WorkflowJson {
	return workflow(id, name, [
		{
			name: 'Channel360 Trigger',
			type: `${PACKAGE}.channel360Trigger`,
			typeVersion: 1.1,
			webhookId,
			parameters: { events: ['message:appUser'], options: triggerOptions },
			credentials: { channel360Api: BENCH_CREDENTIAL },
		},
		noOp(),
	]);
}

/**
 * n8n's core Webhook node answering at once → NoOp: what users wire by hand. At version 1 n8n
 * handles it as it handles every other trigger (an expression isolate per webhook call), which
 * makes it the control arm of benchmark 1.
 */
export function coreWebhookWorkflow(id: string, path: string, webhookId: string, typeVersion = 2): WorkflowJson {
	return workflow(id, `Bench: n8n's core Webhook node v${typeVersion}`, [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion,
			webhookId,
			parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		},
		noOp(),
	]);
}

export const OUTREACH_TEMPLATE = { name: 'bench_order_update', language: 'en_US' };
/** The template body's one variable, filled the same way by both sides. */
export const OUTREACH_COMPONENTS = [{ type: 'body', parameters: [{ type: 'text', text: 'Thandi' }] }];

/** Phone numbers +2783xxxxxxx, one per item: no recipient gets two, so per-number pacing never applies. */
function recipients(count: number): BenchNode {
	return {
		name: 'Recipients',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: {
			jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: { phone: '+' + String(27830000000 + i) } }));`,
		},
	};
}

const manualTrigger = (): BenchNode => ({ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} });

/** Manual → recipients → Channel360 (Notification → Send), paced by the node. */
export function channel360OutreachWorkflow(
	id: string,
	count: number,
	messagesPerSecond: number,
	extraOptions: Record<string, unknown> = {},
	start: BenchNode = manualTrigger(),
): WorkflowJson {
	return workflow(id, 'Bench outreach: Channel360 node', [
		start,
		recipients(count),
		{
			name: 'Channel360',
			type: `${PACKAGE}.channel360`,
			parameters: {
				resource: 'notification',
				operation: 'send',
				phone: '={{ $json.phone }}',
				template: `${OUTREACH_TEMPLATE.name}|${OUTREACH_TEMPLATE.language}`,
				variablesInput: 'json',
				componentsJson: JSON.stringify(OUTREACH_COMPONENTS),
				// Opt-in is checked by the caller here, as on the HTTP Request side (which cannot check it).
				optInSource: 'none',
				notificationOptions: { messagesPerSecond, ...extraOptions },
			},
			credentials: { channel360Api: BENCH_CREDENTIAL },
		},
	]);
}

export interface HttpBatching {
	batchSize: number;
	batchIntervalMs: number;
}

/** Manual → recipients → HTTP Request doing the same POST /notification, batched, retry on fail. */
export function httpOutreachWorkflow(id: string, count: number, baseUrl: string, orgId: string, batching: HttpBatching): WorkflowJson {
	const body = `={{ JSON.stringify({ destination: $json.phone, message: { type: 'template', template: { name: '${OUTREACH_TEMPLATE.name}', language: { policy: 'deterministic', code: '${OUTREACH_TEMPLATE.language}' }, components: ${JSON.stringify(OUTREACH_COMPONENTS).replace(/"/g, "'")} } } }) }}`;
	return workflow(id, `Bench outreach: HTTP Request ${batching.batchSize}/${batching.batchIntervalMs}ms`, [
		manualTrigger(),
		recipients(count),
		{
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 1000,
			parameters: {
				method: 'POST',
				url: `${baseUrl.replace(/\/+$/, '')}/v1.1/org/${orgId}/notification`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'channel360Api',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: body,
				options: { batching: { batch: { batchSize: batching.batchSize, batchInterval: batching.batchIntervalMs } } },
			},
			credentials: { channel360Api: BENCH_CREDENTIAL },
		},
	]);
}

/** The same started by n8n's core Webhook node (answering at once), so it runs in the n8n server process. */
export function channel360OutreachWebhookWorkflow(id: string, count: number, messagesPerSecond: number, path: string, webhookId: string): WorkflowJson {
	return channel360OutreachWorkflow(id, count, messagesPerSecond, {}, {
		name: 'Start',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId,
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	});
}
