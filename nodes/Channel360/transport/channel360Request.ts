import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { classifyApiError, classifyNetworkError, redactSecrets, type AttemptHistory } from '../core/apiErrors';
import { normaliseBaseUrl } from '../core/baseUrl';
import {
	DEFAULT_RETRY_POLICY,
	isRetryableNetworkCode,
	isRetryableStatus,
	MIN_ATTEMPT_MS,
	parseRetryAfter,
	requestNeverSent,
	RetryBudget,
	type RetryPolicy,
} from '../core/retryPolicy';

export type Channel360Context = IExecuteFunctions | IHookFunctions | IWebhookFunctions | ILoadOptionsFunctions;

export const CREDENTIAL_TYPE = 'channel360Api';

export interface Channel360Credentials {
	apiToken: string;
	organizationId: string;
	baseUrl?: string;
}

export interface Channel360RequestOptions {
	method: IHttpRequestMethods;
	/** Path below `/v1.1/org/{orgId}`, starting with `/`. */
	path: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	/** Names the thing in error messages ("template", "webhook", ...). */
	resource?: string;
	itemIndex?: number;
	retry?: Partial<RetryPolicy>;
	/**
	 * False for calls that must not run twice (POST /notification queues a message): then only a
	 * 429 or a refused connection, where Channel360 certainly did nothing, is retried; a 5xx, a
	 * timeout or a reset connection may have been processed and fails saying "may have been
	 * queued: check before sending again". Default true.
	 */
	idempotent?: boolean;
	/** Told when Channel360 asks us to slow down, with the time it asked us to wait until. */
	onRateLimited?: (untilEpochMs: number) => void;
}

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/**
 * The Node.js network error code (ECONNRESET, ETIMEDOUT...) of a failed request. n8n's request
 * helper wraps the socket error in a NodeApiError whose `httpCode` carries that code.
 */
function networkCodeOf(error: unknown): string | undefined {
	const { code, cause, httpCode } = error as { code?: unknown; cause?: { code?: unknown }; httpCode?: unknown };
	for (const candidate of [code, cause?.code, httpCode]) {
		if (typeof candidate === 'string' && /^E[A-Z_]+$/.test(candidate)) return candidate;
	}
	return undefined;
}

const credentialsByContext = new WeakMap<Channel360Context, Promise<Channel360Credentials>>();

/**
 * The node's Channel360 credential, read once per n8n context (one node run, one webhook call).
 * Each n8n `getCredentials` call loads the credential from n8n's database, decrypts it and
 * resolves its fields: per request that was a sizeable part of a notification's cost. The
 * credential cannot change within one context; n8n's authentication helper still reads its own.
 */
export async function credentialsOf(context: Channel360Context): Promise<Channel360Credentials> {
	let credentials = credentialsByContext.get(context);
	if (!credentials) {
		credentials = context.getCredentials(CREDENTIAL_TYPE) as unknown as Promise<Channel360Credentials>;
		credentialsByContext.set(context, credentials);
	}
	return await credentials;
}

/** The credential's Base URL, read as the credential test reads it (core/baseUrl.ts). */
export function baseUrlOf(credentials: Channel360Credentials): string {
	return normaliseBaseUrl(credentials.baseUrl);
}

export function organisationUrl(credentials: Channel360Credentials): string {
	return `${baseUrlOf(credentials)}/v1.1/org/${encodeURIComponent(credentials.organizationId.trim())}`;
}

/**
 * The one request path to Channel360 for both nodes: authenticated through n8n's credential
 * helper, retried on 429 / 5xx / network resets with bounded backoff that honours Retry-After,
 * within one overall time budget per call (`retry.budgetMs`), and failing with a NodeApiError
 * whose words say what to do, never containing the token.
 */
export async function channel360Request<T = unknown>(
	this: Channel360Context,
	options: Channel360RequestOptions,
): Promise<T> {
	const credentials = await credentialsOf(this);
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
	const resource = options.resource ?? 'resource';
	const secrets = [credentials.apiToken];
	const request: IHttpRequestOptions = {
		method: options.method,
		url: `${organisationUrl(credentials)}${options.path}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		headers: { Accept: 'application/json' },
	};
	if (options.body !== undefined) request.body = options.body;
	if (options.qs !== undefined) request.qs = options.qs;

	const budget = new RetryBudget(policy, Date.now());
	const mayRunTwice = options.idempotent === false;
	const history = (attempt: number): AttemptHistory => ({
		attempts: attempt + 1,
		elapsedMs: budget.elapsedMs(Date.now()),
		budgetMs: policy.budgetMs,
		mayHaveBeenQueued: mayRunTwice,
	});

	for (let attempt = 0; ; attempt++) {
		let response: FullResponse;
		// Each attempt may use what is left of the call's budget, never more.
		request.timeout = Math.max(MIN_ATTEMPT_MS, budget.attemptTimeoutMs(Date.now()));
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				request,
			)) as FullResponse;
		} catch (error) {
			const code = networkCodeOf(error);
			const neverSent = requestNeverSent(code);
			if ((!mayRunTwice || neverSent) && isRetryableNetworkCode(code)) {
				const delay = budget.delayBeforeRetry(attempt, Date.now());
				if (delay !== undefined) {
					await sleep(delay);
					continue;
				}
			}
			const reason = redactSecrets(String((error as Error).message ?? error), secrets);
			const classified = classifyNetworkError(baseUrlOf(credentials), reason, resource, { ...history(attempt), mayHaveBeenQueued: mayRunTwice && !neverSent }, code);
			// The code is kept under another key: n8n replaces the message of an error whose `code`
			// it knows (ECONNRESET: "You can retry the request immediately"), which is wrong for a
			// call Channel360 may already have carried out.
			throw new NodeApiError(
				this.getNode(),
				{ message: reason, networkCode: code ?? 'UNKNOWN', kind: classified.kind } as JsonObject,
				{ message: classified.message, description: classified.description, itemIndex: options.itemIndex },
			);
		}

		const status = response.statusCode;
		if (status >= 200 && status < 300) return response.body as T;

		const safeToRepeat = !mayRunTwice || status === 429;
		let refusedRetryAfterMs: number | undefined;
		if (safeToRepeat && isRetryableStatus(status)) {
			const retryAfter = parseRetryAfter(response.headers?.['retry-after'], Date.now());
			const delay =
				retryAfter === undefined || retryAfter <= policy.maxRetryAfterMs
					? budget.delayBeforeRetry(attempt, Date.now(), retryAfter)
					: undefined;
			if (delay !== undefined) {
				if (status === 429) options.onRateLimited?.(Date.now() + delay);
				await sleep(delay);
				continue;
			}
			refusedRetryAfterMs = retryAfter;
		}

		const classified = classifyApiError(status, response.body, resource, { ...history(attempt), refusedRetryAfterMs });
		const detail = redactSecrets(classified.detail, secrets);
		throw new NodeApiError(
			this.getNode(),
			{ httpCode: String(status), message: detail, kind: classified.kind } as JsonObject,
			{
				message: redactSecrets(classified.message, secrets),
				description: redactSecrets(classified.description, secrets),
				httpCode: String(status),
				itemIndex: options.itemIndex,
			},
		);
	}
}
