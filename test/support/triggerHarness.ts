/**
 * Runs the Channel360 Trigger the way n8n does, in-process:
 * - its webhookMethods (checkExists / create / delete) through n8n-core's HookContext, with the
 *   activation sequence n8n uses (checkExists, then create when it says false);
 * - its `webhook()` in a real WebhookContext, behind a real loopback HTTP server whose URL is
 *   the node's webhook URL (production /webhook/... or test /webhook-test/...);
 * - the workflow's static data persisted after every call when it changed, as n8n saves it to
 *   its database, and `restart()` = a new process: fresh Workflow, only persisted data kept.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HookContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	IHookFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { buildAdditionalData } from './additionalData';
import type { HarnessCredentials } from './engine';
import { loadPackage, reloadPackage, type LoadedPackage } from './packageTypes';
import { asWebhookResponse, readRequest, UnparsableBodyError, type WebhookResponse } from './webhookHttp';

const CREDENTIAL_TYPE = 'channel360Api';
const TRIGGER_NODE = 'Channel360 Trigger';

export interface TriggerHarnessOptions {
	parameters: INodeParameters;
	credentials: HarnessCredentials;
	/** production: /webhook/… URLs, activation by publishing. test: /webhook-test/… URLs, "listen for test event". */
	mode?: 'production' | 'test';
	nodeType?: string;
	/** Static data as n8n last saved it (e.g. from another harness), default empty. */
	staticData?: IDataObject;
	/**
	 * How many n8n processes take webhook requests, in turn (queue mode's webhook processes):
	 * each has its own copy of the node modules, all share the saved static data. Default 1.
	 */
	webhookProcesses?: number;
}

/** One HTTP request to the webhook URL, as the caller saw it and as n8n would have run it. */
export interface WebhookCall {
	status: number;
	body: unknown;
	/** The items `webhook()` returned to start the workflow with (none when it started nothing). */
	items: INodeExecutionData[];
	/** Whether the node finished sending its HTTP answer before its webhook() promise settled. */
	answeredBeforeDone: boolean;
	/** What webhook() threw, if anything (n8n then answers 500). */
	error?: Error;
	query: Record<string, string | string[]>;
}

export interface PostOptions {
	query?: Record<string, string>;
	/** Sent as is instead of JSON.stringify(body). */
	rawBody?: string;
	headers?: Record<string, string>;
	/** Default: the registered secret is NOT added; pass the target URL's query yourself. */
}

export interface TriggerHarness {
	/** The node's webhook URL (getNodeWebhookUrl('default')), served by this harness. */
	readonly webhookUrl: string;
	readonly calls: WebhookCall[];
	checkExists(): Promise<boolean>;
	create(): Promise<boolean>;
	delete(): Promise<boolean>;
	/**
	 * A real n8n HookContext of the trigger node (what its webhookMethods run in), for calling
	 * shared code such as channel360Request directly. Static data changes made through it are
	 * not persisted.
	 */
	hookContext(): IHookFunctions;
	/** What n8n does on activation: checkExists, and create when it answers false. */
	activate(): Promise<void>;
	/**
	 * Activation as n8n 2.x publishes in the background: create has run and Channel360 knows the
	 * webhook, but n8n has not saved the static data it changed yet.
	 */
	activateBeforeSaved(): Promise<void>;
	/** Edits the node's parameters (e.g. other events), as saving the edited workflow does. */
	setParameters(parameters: INodeParameters): void;
	/** The workflow static data as last persisted. */
	persistedStaticData(): IDataObject;
	/**
	 * Webhook calls from now on leave their static data unsaved until releaseSaves(): n8n saves it
	 * only after a call returns, and deliveries that arrive in between read what was saved before.
	 */
	holdSaves(): void;
	/** Saves what the held webhook calls changed, in the order they were made or the reverse (last writer wins). */
	releaseSaves(order?: 'asMade' | 'reversed'): void;
	/** A new n8n process: the node module loaded afresh, static data as last persisted, nothing else. */
	restart(): void;
	/** POSTs to the webhook URL (plus `query`) and returns the completed call. */
	post(body: unknown, options?: PostOptions): Promise<WebhookCall>;
	/** Resolves when `count` calls have completed in total. */
	waitForCalls(count: number, timeoutMs?: number): Promise<WebhookCall[]>;
	/** Resolves with all emitted items once there are at least `count` of them. */
	waitForItems(count: number, timeoutMs?: number): Promise<INodeExecutionData[]>;
	stop(): Promise<void>;
}

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

class Harness implements TriggerHarness {
	readonly calls: WebhookCall[] = [];
	webhookUrl = '';
	private server: Server | undefined;
	private baseUrl = '';
	private persisted: IDataObject;
	private readonly node: INode;
	private readonly waiters: Array<() => void> = [];
	private readonly isTest: boolean;

	/** Node modules per n8n process; process 0 also runs the activation hooks. */
	private processes: LoadedPackage[];
	private requestCount = 0;
	/** Webhook calls whose static data is not saved yet (see holdSaves). */
	private heldSaves: Workflow[] | undefined;

	constructor(
		pkg: LoadedPackage,
		private readonly options: TriggerHarnessOptions,
	) {
		this.isTest = options.mode === 'test';
		this.processes = [pkg, ...Array.from({ length: (options.webhookProcesses ?? 1) - 1 }, reloadPackage)];
		this.persisted = clone(options.staticData ?? {});
		const type = pkg.fullTypeName(options.nodeType ?? 'channel360Trigger');
		// The version n8n gives the node when a user adds it.
		const { description } = pkg.nodeTypes.getByName(type) as INodeType;
		const version = description.defaultVersion ?? description.version;
		this.node = {
			id: randomUUID(),
			name: TRIGGER_NODE,
			type,
			typeVersion: Array.isArray(version) ? Math.max(...version) : version,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters: options.parameters,
			credentials: { [CREDENTIAL_TYPE]: { id: 'harness-credential', name: 'Channel360 (harness)' } },
		};
	}

	async listen(): Promise<void> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		const { workflow, additionalData } = this.freshWorkflow();
		const url = this.contextFor(workflow, additionalData, 'manual').getNodeWebhookUrl('default');
		if (!url) throw new Error('The trigger has no default webhook');
		this.webhookUrl = url;
	}

	private get executeMode(): WorkflowExecuteMode {
		return this.isTest ? 'manual' : 'trigger';
	}

	private nodeTypeIn(pkg: LoadedPackage): INodeType {
		return pkg.nodeTypes.getByNameAndVersion(this.node.type, this.node.typeVersion) as INodeType;
	}

	private get nodeType(): INodeType {
		return this.nodeTypeIn(this.processes[0]);
	}

	restart(): void {
		// New processes: the node modules are loaded again (no module state survives), only what
		// n8n persisted is kept.
		this.processes = this.processes.map(() => reloadPackage());
	}

	/**
	 * n8n builds a Workflow from its database for every hook run and every webhook request, with
	 * the static data as last saved; the node's changes are saved when the call is done.
	 */
	private freshWorkflow(pkg = this.processes[0]): { workflow: Workflow; additionalData: IWorkflowExecuteAdditionalData } {
		const workflowData = {
			id: 'harness-trigger-workflow',
			name: 'Trigger harness',
			active: !this.isTest,
			isArchived: false,
			nodes: [this.node],
			connections: {},
			settings: { executionOrder: 'v1' },
			createdAt: new Date(),
			updatedAt: new Date(),
		} as IWorkflowBase;
		const workflow = new Workflow({
			id: workflowData.id,
			name: workflowData.name,
			nodes: [clone(this.node)],
			connections: {},
			active: workflowData.active,
			nodeTypes: pkg.nodeTypes,
			settings: workflowData.settings,
			staticData: clone(this.persisted),
		});
		const additionalData = buildAdditionalData({
			pkg,
			credentials: { [CREDENTIAL_TYPE]: { ...this.options.credentials } },
			workflow: workflowData,
			mode: this.executeMode,
			executionId: randomUUID(),
			instanceBaseUrl: this.baseUrl,
		});
		return { workflow, additionalData };
	}

	setParameters(parameters: INodeParameters): void {
		this.node.parameters = parameters;
	}

	persistedStaticData(): IDataObject {
		return clone(this.persisted);
	}

	holdSaves(): void {
		this.heldSaves ??= [];
	}

	releaseSaves(order: 'asMade' | 'reversed' = 'asMade'): void {
		const held = this.heldSaves ?? [];
		this.heldSaves = undefined;
		for (const workflow of order === 'asMade' ? held : [...held].reverse()) this.persistIfChanged(workflow);
	}

	/** n8n saves static data after hook and webhook calls, when the node changed it (last writer wins). */
	private persistIfChanged(workflow: Workflow): void {
		const data = workflow.staticData;
		if (data.__dataChanged === true) {
			data.__dataChanged = false;
			const saved = clone(data);
			delete saved.__dataChanged;
			this.persisted = saved;
		}
	}

	private webhookData(workflow: Workflow, additionalData: IWorkflowExecuteAdditionalData): IWebhookData {
		const description = this.nodeType.description.webhooks?.find((webhook) => webhook.name === 'default');
		if (!description) throw new Error('The trigger has no default webhook');
		return {
			httpMethod: description.httpMethod as IWebhookData['httpMethod'],
			node: this.node.name,
			path: `${this.node.webhookId}/${String(description.path)}`,
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: this.node.webhookId,
			isTest: this.isTest,
		};
	}

	private contextFor(workflow: Workflow, additionalData: IWorkflowExecuteAdditionalData, activation: WorkflowActivateMode): HookContext {
		const node = workflow.getNode(this.node.name)!;
		return new HookContext(workflow, node, additionalData, this.executeMode, activation, this.webhookData(workflow, additionalData));
	}

	private async runHook(method: 'checkExists' | 'create' | 'delete', save = true): Promise<boolean> {
		const methods = this.nodeType.webhookMethods?.default;
		if (!methods?.[method]) throw new Error(`The trigger has no webhookMethods.default.${method}`);
		const activation: WorkflowActivateMode = this.isTest ? 'manual' : 'activate';
		const { workflow, additionalData } = this.freshWorkflow();
		try {
			return await methods[method].call(this.contextFor(workflow, additionalData, activation));
		} finally {
			if (save) this.persistIfChanged(workflow);
		}
	}

	hookContext(): IHookFunctions {
		const { workflow, additionalData } = this.freshWorkflow();
		return this.contextFor(workflow, additionalData, this.isTest ? 'manual' : 'activate');
	}

	checkExists = () => this.runHook('checkExists');
	create = () => this.runHook('create');
	delete = () => this.runHook('delete');

	async activate(): Promise<void> {
		if (!(await this.checkExists())) await this.create();
	}

	async activateBeforeSaved(): Promise<void> {
		if (!(await this.checkExists())) await this.runHook('create', false);
	}

	private webhookPathOf(url: string): string {
		return new URL(url).pathname;
	}

	private async handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
		const response = asWebhookResponse(res);
		const path = new URL(req.url ?? '/', this.baseUrl).pathname;
		if (req.method !== 'POST' || path !== this.webhookPathOf(this.webhookUrl)) {
			response.status(404).json({ message: `The requested webhook "${req.method} ${path}" is not registered.` });
			return;
		}
		let request;
		try {
			request = await readRequest(req);
		} catch (error) {
			// n8n's body parser refuses unparsable JSON before any node sees it.
			if (error instanceof UnparsableBodyError) {
				response.status(400).json({ message: error.message });
				this.record({ status: 400, body: response.sentBody, items: [], answeredBeforeDone: false, query: {} });
				return;
			}
			throw error;
		}
		const process = this.processes[this.requestCount++ % this.processes.length];
		const fresh = this.freshWorkflow(process);
		const { workflow } = fresh;
		const additionalData = { ...fresh.additionalData, httpRequest: request, httpResponse: response } as IWorkflowExecuteAdditionalData;
		const node = workflow.getNode(this.node.name)!;
		const context = new WebhookContext(
			workflow,
			node,
			additionalData,
			this.isTest ? 'manual' : 'webhook',
			this.webhookData(workflow, additionalData),
			[],
			null,
		);
		let result: IWebhookResponseData | undefined;
		let error: Error | undefined;
		try {
			result = await this.nodeTypeIn(process).webhook!.call(context);
		} catch (thrown) {
			error = thrown as Error;
		}
		const answeredBeforeDone = response.writableEnded;
		if (this.heldSaves) this.heldSaves.push(workflow);
		else this.persistIfChanged(workflow);
		this.respondLikeN8n(response, result, error);
		this.record({
			status: response.statusCode,
			body: response.sentBody,
			items: result?.workflowData?.[0] ?? [],
			answeredBeforeDone,
			error,
			query: request.query,
		});
	}

	/** What n8n does when the node has not answered itself (responseMode "onReceived"). */
	private respondLikeN8n(response: WebhookResponse, result: IWebhookResponseData | undefined, error: Error | undefined): void {
		if (response.writableEnded) return;
		if (error) {
			response.status(500).json({ message: 'Error in workflow', error: error.message });
		} else if (result?.noWebhookResponse) {
			// n8n would leave the caller hanging: make it a visible failure instead.
			response.status(500).json({ message: 'harness: the node returned noWebhookResponse without answering' });
		} else {
			response.status(200).json({ message: 'Workflow was started' });
		}
	}

	private record(call: WebhookCall): void {
		this.calls.push(call);
		for (const waiter of this.waiters.splice(0)) waiter();
	}

	async post(body: unknown, options: PostOptions = {}): Promise<WebhookCall> {
		const url = new URL(this.webhookUrl);
		for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
		const before = this.calls.length;
		await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...options.headers },
			body: options.rawBody ?? JSON.stringify(body),
		}).then((response) => response.arrayBuffer());
		const [call] = (await this.waitForCalls(before + 1)).slice(before);
		return call;
	}

	async waitForCalls(count: number, timeoutMs = 5_000): Promise<WebhookCall[]> {
		await this.waitUntil(() => this.calls.length >= count, () => `Expected ${count} webhook calls, got ${this.calls.length}`, timeoutMs);
		return this.calls;
	}

	private emittedItems(): INodeExecutionData[] {
		return this.calls.flatMap((call) => call.items);
	}

	async waitForItems(count: number, timeoutMs = 5_000): Promise<INodeExecutionData[]> {
		await this.waitUntil(
			() => this.emittedItems().length >= count,
			() => `Expected ${count} emitted items, got ${this.emittedItems().length} from ${this.calls.length} calls`,
			timeoutMs,
		);
		return this.emittedItems();
	}

	/** Re-checks after every completed call, until the deadline. */
	private async waitUntil(done: () => boolean, failure: () => string, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!done()) {
			const remaining = deadline - Date.now();
			if (remaining <= 0) throw new Error(failure());
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, remaining);
				this.waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	}
}

/** Starts the trigger harness: loads the built package and listens on a free loopback port. */
export async function startTriggerHarness(options: TriggerHarnessOptions): Promise<TriggerHarness> {
	const harness = new Harness(await loadPackage(), options);
	await harness.listen();
	return harness;
}
