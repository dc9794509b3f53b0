/**
 * What the harness does over HTTP once n8n runs: set up the owner, log in, create an API key,
 * then publish/unpublish workflows and read executions through n8n's public API.
 */

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const DEFAULT_OWNER: OwnerAccount = {
	email: 'owner@channel360.test',
	// n8n wants 8+ characters with a number and an upper-case letter.
	password: 'Channel360-demo',
	firstName: 'Demo',
	lastName: 'Owner',
};

/** n8n ties a session cookie to the browser id it was issued for. */
export const HARNESS_BROWSER_ID = 'n8n-nodes-channel360-harness';

export interface WorkflowState {
	id: string;
	name: string;
	active: boolean;
	triggerCount: number;
	staticData: Record<string, unknown> | null;
}

/** Polls `done` until it holds; the error names what was awaited. */
export async function poll(what: string, timeoutMs: number, done: () => Promise<boolean> | boolean): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await done())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: string;
}

async function expectOk(response: Response, what: string): Promise<unknown> {
	const text = await response.text();
	if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 300)}`);
	return text ? (JSON.parse(text) as unknown) : undefined;
}

function dataOf<T>(body: unknown): T {
	return ((body as { data?: T })?.data ?? body) as T;
}

export class N8nSession {
	private constructor(
		private readonly baseUrl: string,
		readonly cookie: string,
	) {}

	/** Creates the owner if n8n has none yet, then logs in as the owner. */
	static async ownerSession(baseUrl: string, owner: OwnerAccount = DEFAULT_OWNER): Promise<N8nSession> {
		const setup = await fetch(`${baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': HARNESS_BROWSER_ID },
			body: JSON.stringify(owner),
		});
		// 400 means "already set up" (a reused user folder): logging in below tells us if it is ours.
		if (!setup.ok && setup.status !== 400) await expectOk(setup, 'owner setup');
		const login = await fetch(`${baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': HARNESS_BROWSER_ID },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		await expectOk(login, 'login');
		const cookie = (login.headers.getSetCookie?.() ?? [])
			.map((header) => header.split(';')[0])
			.find((pair) => pair.startsWith('n8n-auth='));
		if (!cookie) throw new Error('login: n8n set no n8n-auth cookie');
		return new N8nSession(baseUrl, cookie);
	}

	async rest(method: string, path: string, body?: unknown): Promise<unknown> {
		const response = await fetch(`${this.baseUrl}/rest${path}`, {
			method,
			headers: {
				cookie: this.cookie,
				'browser-id': HARNESS_BROWSER_ID,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return dataOf(await expectOk(response, `${method} /rest${path}`));
	}

	/** An API key with every scope the owner may grant. */
	async createApiKey(label = `harness-${Date.now()}`): Promise<string> {
		let scopes: string[] | undefined;
		try {
			scopes = (await this.rest('GET', '/api-keys/scopes')) as string[];
		} catch {
			scopes = undefined; // older n8n: keys have no scopes
		}
		const created = (await this.rest('POST', '/api-keys', { label, scopes, expiresAt: null })) as {
			rawApiKey?: string;
			apiKey?: string;
		};
		const key = created.rawApiKey ?? created.apiKey;
		if (!key) throw new Error('n8n returned no API key');
		return key;
	}
}

/** n8n's public API (/api/v1) with an API key. */
export class N8nPublicApi {
	constructor(
		private readonly baseUrl: string,
		private readonly apiKey: string,
	) {}

	private async call(method: string, path: string, body?: unknown): Promise<unknown> {
		const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
			method,
			headers: {
				'X-N8N-API-KEY': this.apiKey,
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return await expectOk(response, `${method} /api/v1${path}`);
	}

	/** Publishes (activates) a workflow: its triggers register their webhooks now. */
	async activate(workflowId: string): Promise<void> {
		await this.call('POST', `/workflows/${workflowId}/activate`);
	}

	/** Unpublishes (deactivates) a workflow: its triggers remove their webhooks now. */
	async deactivate(workflowId: string): Promise<void> {
		await this.call('POST', `/workflows/${workflowId}/deactivate`);
	}

	async workflow(workflowId: string): Promise<WorkflowState> {
		return (await this.call('GET', `/workflows/${workflowId}`)) as WorkflowState;
	}

	/**
	 * n8n 2.x publishes through an outbox: activate() returns before the triggers run their
	 * `create`, and the trigger's static data (our webhook secret) is saved after that. Waits
	 * until the workflow has its triggers and its static data, i.e. until it can verify a delivery.
	 */
	async waitUntilPublished(workflowId: string, timeoutMs = 30_000): Promise<void> {
		await poll(`workflow ${workflowId} to be published`, timeoutMs, async () => {
			const state = await this.workflow(workflowId);
			return state.active && state.triggerCount > 0 && !!state.staticData && Object.keys(state.staticData).length > 0;
		});
	}

	async executions(workflowId?: string, includeData = false): Promise<ExecutionSummary[]> {
		const qs = new URLSearchParams({ limit: '250', includeData: String(includeData) });
		if (workflowId) qs.set('workflowId', workflowId);
		return dataOf<ExecutionSummary[]>(await this.call('GET', `/executions?${qs.toString()}`));
	}

	async execution(id: string): Promise<ExecutionSummary & { data?: unknown }> {
		return (await this.call('GET', `/executions/${id}?includeData=true`)) as ExecutionSummary & { data?: unknown };
	}

	/** Waits until the workflow has at least `count` finished executions; returns them newest first. */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 30_000): Promise<ExecutionSummary[]> {
		let done: ExecutionSummary[] = [];
		await poll(`${count} finished executions of workflow ${workflowId}`, timeoutMs, async () => {
			done = (await this.executions(workflowId)).filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
			return done.length >= count;
		});
		return done;
	}
}
