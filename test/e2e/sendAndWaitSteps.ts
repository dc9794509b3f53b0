/**
 * Steps of the Send and Wait end-to-end tests, reusable by any suite that runs a real n8n
 * against the sandbox (the single-process e2e suite, the queue-mode suite): start a workflow
 * through its Webhook node, find the execution waiting for an answer, read a node's output,
 * wait for a line in n8n's log.
 */
import type { N8nEnvironment, WorkflowJson } from '../../scripts/n8n';

export interface RunData {
	resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>> };
}

async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = await probe();
		if (found !== undefined) return found;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** Publishes a workflow that has no Channel360 Trigger (so no static data to wait for) and waits until it is active. */
export async function publish(env: N8nEnvironment, workflowId: string): Promise<void> {
	await env.api.activate(workflowId);
	await poll(`workflow ${workflowId} to be active`, 30_000, async () => {
		const state = await env.api.workflow(workflowId);
		return state.active && state.triggerCount > 0 ? true : undefined;
	});
}

/**
 * POSTs `body` to the production URL of the workflow's Webhook node (path from the node); a
 * 404 while n8n is still registering the published webhook is retried.
 */
export async function startThroughWebhook(env: N8nEnvironment, workflow: WorkflowJson, body: unknown): Promise<void> {
	const webhook = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
	if (!webhook) throw new Error(`workflow ${workflow.id} has no Webhook node`);
	const url = `${env.n8n.webhookBaseUrl()}/webhook/${String(webhook.parameters.path)}`;
	await poll(`${url} to start ${workflow.id}`, 30_000, async () => {
		const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		if (response.status === 404) return undefined;
		if (!response.ok) throw new Error(`starting ${workflow.id} answered ${response.status}: ${await response.text()}`);
		return true;
	});
}

/** The id of an execution of the workflow in `status` that is not in `except`. */
export async function executionIn(
	env: N8nEnvironment,
	workflowId: string,
	status: string,
	except: readonly string[] = [],
	timeoutMs = 30_000,
): Promise<string> {
	return await poll(`an execution of ${workflowId} in status ${status}`, timeoutMs, async () => {
		const executions = await env.api.executions(workflowId);
		return executions.find((execution) => execution.status === status && !except.includes(execution.id))?.id;
	});
}

/** Waits until the execution has the status (e.g. success after a resume) and returns its run data. */
export async function executionReaching(env: N8nEnvironment, executionId: string, status: string, timeoutMs = 30_000): Promise<RunData> {
	return await poll(`execution ${executionId} to reach ${status}`, timeoutMs, async () => {
		const execution = await env.api.execution(executionId);
		return execution.status === status ? (execution.data as RunData) : undefined;
	});
}

export async function statusOf(env: N8nEnvironment, executionId: string): Promise<string> {
	return (await env.api.execution(executionId)).status;
}

/** The items a node output (first output, last run). */
export function outputOf(runData: RunData, nodeName: string): Array<Record<string, unknown>> {
	const runs = runData.resultData.runData[nodeName] ?? [];
	return (runs.at(-1)?.data?.main[0] ?? []).map((item) => item.json);
}

/** Waits for a line matching `pattern` in n8n's log written after `mark` (n8n.logMark()). */
export async function logLine(env: N8nEnvironment, mark: number, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
	return await poll(`n8n to log ${pattern}`, timeoutMs, async () =>
		env.n8n
			.logSince(mark)
			.split('\n')
			.find((line) => pattern.test(line)),
	);
}

/** A workflow that only listens: Channel360 Trigger → No Operation. */
export function listenerWorkflow(id: string, webhookId: string): WorkflowJson {
	return {
		id,
		name: 'Channel360 listener',
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'Customer writes',
				type: 'n8n-nodes-channel360.channel360Trigger',
				typeVersion: 1.1,
				position: [0, 0],
				webhookId,
				parameters: { events: ['message:appUser'], options: {} },
				credentials: { channel360Api: { id: 'c360Credential01', name: 'Channel360 account' } },
			},
			{ id: `${id}-noop`, name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [300, 0], parameters: {} },
		],
		connections: { 'Customer writes': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** A copy of a workflow under another id, Webhook path and webhook id, with the parameters of one node changed. */
export function variantOf(
	workflow: WorkflowJson,
	id: string,
	path: string,
	webhookId: string,
	changes: Record<string, Record<string, unknown>>,
): WorkflowJson {
	const variant = structuredClone(workflow);
	variant.id = id;
	variant.name = `${workflow.name} (${path})`;
	for (const node of variant.nodes) {
		if (node.type === 'n8n-nodes-base.webhook') {
			node.parameters = { ...node.parameters, path };
			node.webhookId = webhookId;
		}
		if (changes[node.name]) node.parameters = { ...node.parameters, ...changes[node.name] };
	}
	return variant;
}
