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

import { classifyApiError, redactSecrets } from '../core/apiErrors';
import { normaliseBaseUrl } from '../core/baseUrl';
import {
	DEFAULT_RETRY_POLICY,
	isRetryableNetworkCode,
	isRetryableStatus,
	parseRetryAfter,
	retryDelayMs,
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
	 * 429 or a refused connection, where Channel360 certainly did nothing, is retried; a 5xx or a
	 * reset connection may have been processed and fails instead. Default true.
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
 * and failing with a NodeApiError whose words say what to do, never containing the token.
 */
export async function channel360Request<T = unknown>(
	this: Channel360Context,
	options: Channel360RequestOptions,
): Promise<T> {
	const credentials = (await this.getCredentials(CREDENTIAL_TYPE)) as unknown as Channel360Credentials;
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

	for (let attempt = 0; ; attempt++) {
		let response: FullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				request,
			)) as FullResponse;
		} catch (error) {
			const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
			const safeToRepeat = options.idempotent !== false || code === 'ECONNREFUSED';
			if (safeToRepeat && isRetryableNetworkCode(code) && attempt < policy.maxRetries) {
				await sleep(retryDelayMs(attempt, policy));
				continue;
			}
			const reason = redactSecrets(String((error as Error).message ?? error), secrets);
			throw new NodeApiError(
				this.getNode(),
				{ message: reason, code: typeof code === 'string' ? code : 'UNKNOWN' } as JsonObject,
				{
					message: `Could not reach Channel360 at ${baseUrlOf(credentials)}`,
					description: `${reason}. Check the Base URL in the Channel360 credential and the network between n8n and Channel360.`,
					itemIndex: options.itemIndex,
				},
			);
		}

		const status = response.statusCode;
		if (status >= 200 && status < 300) return response.body as T;

		const safeToRepeat = options.idempotent !== false || status === 429;
		let refusedRetryAfterMs: number | undefined;
		if (safeToRepeat && isRetryableStatus(status) && attempt < policy.maxRetries) {
			const retryAfter = parseRetryAfter(response.headers?.['retry-after'], Date.now());
			if (retryAfter === undefined || retryAfter <= policy.maxRetryAfterMs) {
				const delay = retryDelayMs(attempt, policy, retryAfter);
				if (status === 429) options.onRateLimited?.(Date.now() + delay);
				await sleep(delay);
				continue;
			}
			refusedRetryAfterMs = retryAfter;
		}

		const classified = classifyApiError(status, response.body, resource, { attempts: attempt + 1, refusedRetryAfterMs });
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
