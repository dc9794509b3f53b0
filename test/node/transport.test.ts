/**
 * The one request path to Channel360 (channel360Request) against the sandbox: errors a user can
 * act on, retries that honour Retry-After and stop, and no token in any error.
 *
 * Through a real node execution (the Channel360 node listing webhooks) where the default retry
 * policy is quick enough, and through the trigger's n8n hook context, with the retry delays
 * shortened by the request's own `retry` option, where it is not.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';

import { NodeApiError } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY } from '../../nodes/Channel360/core/retryPolicy';
import { channel360Request, type Channel360RequestOptions } from '../../nodes/Channel360/transport/channel360Request';
import { startSandbox, type Sandbox } from '../../sandbox';
import { runNode, sandboxCredentials, startTriggerHarness, type HarnessCredentials, type TriggerHarness } from '../support/engine';

const LIST_WEBHOOKS = { resource: 'webhook', operation: 'getAll', returnAll: true };
const FAST_RETRIES = { baseDelayMs: 1, maxDelayMs: 5 };

describe('channel360Request against the sandbox', () => {
	let sandbox: Sandbox;
	let trigger: TriggerHarness;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
		trigger = await startTriggerHarness({ parameters: { events: ['message:appUser'] }, credentials: sandboxCredentials(sandbox) });
	});
	afterEach(() => sandbox.reset());
	afterAll(async () => {
		await trigger.stop();
		await sandbox.stop();
	});

	async function listWebhooksAs(credentials: HarnessCredentials): Promise<NodeApiError> {
		const { error } = await runNode({ parameters: LIST_WEBHOOKS, credentials });
		expect(error).toBeInstanceOf(NodeApiError);
		return error as NodeApiError;
	}

	/** Calls channel360Request in the trigger's n8n hook context and returns what it threw. */
	async function requestError(options: Channel360RequestOptions, harness = trigger): Promise<NodeApiError> {
		const error = await channel360Request.call(harness.hookContext(), options).then(
			() => undefined,
			(thrown: unknown) => thrown,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		return error as NodeApiError;
	}

	const requestsTo = (path: string) => sandbox.requests().filter((entry) => entry.path.endsWith(path));

	it('sends the credential as n8n applies it: a real node execution lists the webhooks', async () => {
		const { outputs, error } = await runNode({ parameters: LIST_WEBHOOKS, credentials: sandboxCredentials(sandbox) });
		expect(error).toBeUndefined();
		expect(outputs[0]).toEqual([]);
		expect(requestsTo('/webhooks')).toEqual([expect.objectContaining({ method: 'GET', status: 200 })]);
	});

	it('says the API token is invalid when Channel360 refuses it', async () => {
		const error = await listWebhooksAs({ ...sandboxCredentials(sandbox), apiToken: 'revoked-or-mistyped-token' });
		expect(error.message).toMatch(/did not accept the API token/);
		expect(error.description).toMatch(/Check the API token/);
		expect(error.httpCode).toBe('401');
		expect(requestsTo('/webhooks')).toHaveLength(1);
	});

	it("says the organisation does not match when the token belongs to another organisation", async () => {
		const other = sandbox.createOrganisation({ name: 'Someone else' });
		const error = await listWebhooksAs({ ...sandboxCredentials(sandbox), organizationId: other.orgId });
		expect(error.message).toMatch(/does not belong to this organisation/);
		expect(error.description).toMatch(/Organisation ID/);
		expect(error.httpCode).toBe('403');
	});

	it('names what was not found on a 404', async () => {
		const error = await requestError({ method: 'GET', path: '/templates/no_such_template', resource: 'template' });
		expect(error.httpCode).toBe('404');
		expect(error.message).toBe('Channel360 could not find the template');
		expect(error.description).toMatch(/Check the template identifier/);
	});

	it('waits as long as Retry-After asks after a 429, then succeeds', async () => {
		sandbox.injectFault({ method: 'GET', path: '/webhooks', status: 429, retryAfterSeconds: 1, times: 1 });
		const { outputs, error } = await runNode({ parameters: LIST_WEBHOOKS, credentials: sandboxCredentials(sandbox) });

		expect(error).toBeUndefined();
		expect(outputs[0]).toEqual([]);
		const [refused, retried] = requestsTo('/webhooks');
		expect([refused.status, retried.status]).toEqual([429, 200]);
		// The sandbox stamps each request when it answers it: the retry came at least 1 s later.
		expect(retried.at - refused.at).toBeGreaterThanOrEqual(1000);
	});

	it('retries a 5xx a bounded number of times, then fails clearly', async () => {
		sandbox.injectFault({ path: '/webhooks', status: 503, times: Infinity });
		const error = await requestError({ method: 'GET', path: '/webhooks', resource: 'webhook', retry: FAST_RETRIES });

		expect(requestsTo('/webhooks')).toHaveLength(1 + DEFAULT_RETRY_POLICY.maxRetries);
		expect(error.httpCode).toBe('503');
		expect(error.message).toBe('Channel360 could not handle the request (HTTP 503)');
		expect(error.description).toMatch(`tried ${1 + DEFAULT_RETRY_POLICY.maxRetries} times`);
	});

	it('does not repeat a 5xx of a call that must not run twice, and says why', async () => {
		sandbox.injectFault({ path: '/webhooks', method: 'POST', status: 502, times: Infinity });
		const error = await requestError({
			method: 'POST',
			path: '/webhooks',
			body: { target: 'https://example.com/hook', triggers: ['message:appUser'] },
			idempotent: false,
			retry: FAST_RETRIES,
		});
		expect(requestsTo('/webhooks')).toHaveLength(1);
		expect(error.description).toMatch(/not retried, because Channel360 may have carried it out/);
	});

	it('fails at once, saying so, when Retry-After asks for longer than the node waits', async () => {
		sandbox.injectFault({ path: '/webhooks', status: 429, retryAfterSeconds: 3600, times: Infinity });
		const error = await requestError({ method: 'GET', path: '/webhooks', retry: FAST_RETRIES });
		expect(requestsTo('/webhooks')).toHaveLength(1);
		expect(error.message).toBe('Channel360 is rate limiting these requests');
		expect(error.description).toMatch(/asked to wait 3600 s/);
	});

	it('succeeds when a 5xx clears up within the retries', async () => {
		sandbox.injectFault({ path: '/webhooks', status: 502, times: 2 });
		const body = await channel360Request.call(trigger.hookContext(), {
			method: 'GET',
			path: '/webhooks',
			retry: FAST_RETRIES,
		});
		expect(body).toEqual([]);
		expect(requestsTo('/webhooks').map((entry) => entry.status)).toEqual([502, 502, 200]);
	});

	it('does not retry what a retry cannot fix', async () => {
		await requestError({ method: 'GET', path: '/templates/no_such_template', resource: 'template', retry: FAST_RETRIES });
		expect(requestsTo('/templates/no_such_template')).toHaveLength(1);
	});

	it('says it could not reach Channel360 when nothing listens at the base URL', async () => {
		const unreachable = await startTriggerHarness({
			parameters: { events: ['message:appUser'] },
			credentials: { ...sandboxCredentials(sandbox), baseUrl: 'http://127.0.0.1:9' },
		});
		try {
			const error = await requestError({ method: 'GET', path: '/webhooks', retry: { maxRetries: 1, ...FAST_RETRIES } }, unreachable);
			expect(error.message).toBe('Could not reach Channel360 at http://127.0.0.1:9');
			expect(error.description).toMatch(/Check the Base URL/);
		} finally {
			await unreachable.stop();
		}
	});

	describe('a call that must not run twice (POST /notification) after a connection failure', () => {
		/** A loopback port that was free a moment ago and is closed now: connections are refused. */
		async function closedPort(): Promise<number> {
			const server = createServer();
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			const { port } = server.address() as AddressInfo;
			await new Promise((resolve) => server.close(resolve));
			return port;
		}

		/** The trigger's hook context aimed at `baseUrl`, counting the HTTP attempts it makes. */
		async function countingContext(baseUrl: string) {
			const harness = await startTriggerHarness({ parameters: { events: ['message:appUser'] }, credentials: { ...sandboxCredentials(sandbox), baseUrl } });
			const context = harness.hookContext();
			const attempts = jest.spyOn(context.helpers, 'httpRequestWithAuthentication');
			return { harness, context, attempts };
		}

		const notification = { method: 'POST', path: '/notification', body: { destination: '+27821234567' }, idempotent: false } as const;

		it('is retried when the connection was refused: Channel360 never saw it', async () => {
			const { harness, context, attempts } = await countingContext(`http://127.0.0.1:${await closedPort()}`);
			try {
				const error = await channel360Request.call(context, { ...notification, retry: { maxRetries: 2, ...FAST_RETRIES } }).catch((thrown: unknown) => thrown);
				expect(error).toBeInstanceOf(NodeApiError);
				expect((error as NodeApiError).message).toMatch(/^Could not reach Channel360/);
				expect(attempts).toHaveBeenCalledTimes(3);
			} finally {
				await harness.stop();
			}
		});

		it('is not retried when the connection was reset: Channel360 may have queued it', async () => {
			const connections: Socket[] = [];
			const resetting = createServer((socket) => {
				connections.push(socket);
				socket.once('data', () => socket.resetAndDestroy());
			});
			await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
			const { harness, context, attempts } = await countingContext(`http://127.0.0.1:${(resetting.address() as AddressInfo).port}`);
			try {
				const error = await channel360Request.call(context, { ...notification, retry: { maxRetries: 2, ...FAST_RETRIES } }).catch((thrown: unknown) => thrown);
				expect(error).toBeInstanceOf(NodeApiError);
				expect(attempts).toHaveBeenCalledTimes(1);
				expect(connections).toHaveLength(1);
				// The same reset on a call that may repeat is retried: the difference is the call, not the error.
				await channel360Request.call(context, { ...notification, idempotent: true, retry: { maxRetries: 2, ...FAST_RETRIES } }).catch(() => undefined);
				expect(connections).toHaveLength(4);
			} finally {
				await harness.stop();
				await new Promise((resolve) => resetting.close(resolve));
			}
		});
	});

	describe('never shows the token', () => {
		const token = () => sandbox.defaultOrg.token;
		/** Everything of an error a user or a log could see. */
		const visible = (error: NodeApiError) =>
			[error.message, error.description, error.stack, JSON.stringify(error), JSON.stringify(error.cause ?? null), String(error)].join('\n');

		it('not even when Channel360 echoes it back in an error body', async () => {
			sandbox.injectFault({
				path: '/webhooks',
				status: 400,
				body: { message: `Bad request for token ${token()}`, errors: [{ field: 'authorization', message: `Bearer ${token()}` }] },
				times: Infinity,
			});
			const error = await requestError({ method: 'GET', path: '/webhooks', resource: 'webhook', retry: FAST_RETRIES });
			expect(error.message).toMatch(/Channel360 rejected the webhook request/);
			expect(visible(error)).not.toContain(token());
			expect(visible(error)).toContain('[redacted]');
		});

		it.each([
			['an invalid token', { status: 401 }],
			['a server error', { status: 500 }],
			['rate limiting', { status: 429, retryAfterSeconds: 3600 }],
		])('not in the error for %s', async (_label, fault) => {
			sandbox.injectFault({ path: '/webhooks', times: Infinity, body: { echoed: token() }, ...fault });
			const error = await requestError({ method: 'GET', path: '/webhooks', resource: 'webhook', retry: FAST_RETRIES });
			expect(visible(error)).not.toContain(token());
		});

		it('not in the error of a real node execution', async () => {
			const error = await listWebhooksAs({ ...sandboxCredentials(sandbox), organizationId: sandbox.createOrganisation().orgId });
			expect(visible(error)).not.toContain(token());
		});
	});
});
