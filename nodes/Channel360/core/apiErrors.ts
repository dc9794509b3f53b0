/**
 * Turns a failed Channel360 response into words a user can act on. Pure: the n8n glue wraps
 * the result in a NodeApiError.
 */

export type ApiErrorKind =
	| 'invalidToken'
	| 'wrongOrganisation'
	| 'notFound'
	| 'windowClosed'
	| 'templateNotApproved'
	| 'rateLimited'
	| 'validation'
	| 'duplicate'
	| 'server'
	| 'network'
	| 'unknown';

export interface ClassifiedApiError {
	kind: ApiErrorKind;
	message: string;
	description: string;
	httpCode: number;
	/** What Channel360 itself said, secrets removed. */
	detail: string;
}

/** Collects every human-readable string Channel360 put in an error body. */
export function errorDetail(body: unknown): string {
	if (typeof body === 'string') return body.slice(0, 500);
	if (typeof body !== 'object' || body === null) return '';
	const record = body as Record<string, unknown>;
	const parts: string[] = [];
	if (Array.isArray(record.errors)) {
		for (const entry of record.errors) {
			if (typeof entry === 'string') parts.push(entry);
			else if (entry && typeof entry === 'object') {
				const { message, field } = entry as { message?: unknown; field?: unknown };
				if (typeof message === 'string') parts.push(typeof field === 'string' ? `${field}: ${message}` : message);
			}
		}
	}
	for (const key of ['message', 'error', 'description', 'details']) {
		const value = record[key];
		if (typeof value === 'string') parts.push(value);
		else if (value && typeof value === 'object') parts.push(errorDetail(value));
	}
	return parts.filter(Boolean).join('; ').slice(0, 500);
}

const WINDOW_CLOSED = /131047|re-?engagement|24[- ]?hour|customer service window|outside (of )?the (allowed )?window/i;
/**
 * MongoDB's unique-index error, passed through by Channel360 as it is, e.g.
 * `E11000 duplicate key error collection: db.subscribers index: mobileNumber_1 dup key: { mobileNumber: "+27…" }`.
 */
function duplicateKeyOf(detail: string): { field: string; value?: string } | undefined {
	if (!/E11000 duplicate key/i.test(detail)) return undefined;
	const dupKey = /dup key:\s*\{\s*([A-Za-z0-9_.]+)\s*:\s*"?([^"}]*?)"?\s*\}/.exec(detail);
	const index = /index:\s*([A-Za-z0-9_.]+?)_-?1\b/.exec(detail);
	return { field: dupKey?.[1] ?? index?.[1] ?? 'key', value: dupKey?.[2] || undefined };
}

const TEMPLATE_NOT_APPROVED = /not approved|template.*(status|pending|rejected|paused|disabled)|132001|132000/i;

/** What the request layer did before giving up, so that the words say what really happened. */
export interface AttemptHistory {
	/** Requests sent, the failed one included. */
	attempts: number;
	/** The wait Channel360 asked for, when it was longer than the request layer waits. */
	refusedRetryAfterMs?: number;
	/** Time spent on the call so far, and the most it may take (its retry budget). */
	elapsedMs?: number;
	budgetMs?: number;
	/** The call must not run twice (it queues a message) and may have reached Channel360. */
	mayHaveBeenQueued?: boolean;
}

/** What every error of a call that may have reached Channel360 says, whatever went wrong. */
export const MAY_HAVE_BEEN_QUEUED = 'Channel360 may have received it: it may have been queued: check before sending again.';

function retriesDone({ attempts, elapsedMs, budgetMs }: AttemptHistory): string {
	if (attempts <= 1) return 'It was not retried.';
	const budget =
		elapsedMs !== undefined && budgetMs !== undefined
			? ` over ${Math.round(elapsedMs / 1000)} s (the retry budget is ${Math.round(budgetMs / 1000)} s)`
			: '';
	return `It was tried ${attempts} times with backoff${budget}.`;
}

const NETWORK_EVENTS: Record<string, string> = {
	ECONNRESET: 'The connection was closed before Channel360 answered',
	EPIPE: 'The connection was closed while the request was being sent',
	ETIMEDOUT: 'Channel360 did not answer in time',
	ESOCKETTIMEDOUT: 'Channel360 did not answer in time',
	ECONNABORTED: 'Channel360 did not answer in time (the request was aborted)',
};

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);

/**
 * A request that got no HTTP answer: refused, reset, timed out, or the host did not resolve.
 * When the call may have reached Channel360 the words are our own, by error code: n8n's text for
 * a reset says "You can retry the request immediately", which would send a message twice.
 */
export function classifyNetworkError(
	baseUrl: string,
	reason: string,
	resource: string,
	history: AttemptHistory,
	code?: string,
): ClassifiedApiError {
	const base = { httpCode: 0, detail: reason, kind: 'network' as const };
	if (history.mayHaveBeenQueued) {
		const event = (code && NETWORK_EVENTS[code]) ?? 'The request failed before Channel360 answered';
		return {
			...base,
			message: `No answer from Channel360 for the ${resource} request: it may have been queued`,
			description: `${event}${code ? ` (${code})` : ''}. ${MAY_HAVE_BEEN_QUEUED} The node does not repeat it, so that nobody gets it twice.`,
		};
	}
	if (code !== undefined && TIMEOUT_CODES.has(code)) {
		// Reached but silent: the Base URL is right, Channel360 is slow or down.
		return {
			...base,
			message: `Channel360 at ${baseUrl} did not answer in time`,
			description: `${reason}. ${retriesDone(history)} Channel360 is slow or unavailable: try again later.`,
		};
	}
	return {
		...base,
		message: `Could not reach Channel360 at ${baseUrl}`,
		description: `${reason}. ${retriesDone(history)} Check the Base URL in the Channel360 credential and the network between n8n and Channel360.`,
	};
}

export function classifyApiError(
	status: number,
	body: unknown,
	resource: string,
	history: AttemptHistory = { attempts: 1 },
): ClassifiedApiError {
	const detail = errorDetail(body);
	const base = { httpCode: status, detail };
	if (WINDOW_CLOSED.test(detail)) {
		return {
			...base,
			kind: 'windowClosed',
			message: 'The 24-hour customer-service window is closed for this customer',
			description:
				'WhatsApp only allows free-form messages within 24 hours of the customer\'s last message. Send an approved template with the Notification resource instead, or use "Reply (Window-Aware)" with a fallback template.',
		};
	}
	const duplicate = duplicateKeyOf(detail);
	if (duplicate) {
		const { field, value } = duplicate;
		return {
			...base,
			kind: 'duplicate',
			message: `Channel360 already has a ${resource} with this ${field}${value ? ` (${value})` : ''}`,
			description: `Nothing new was created. Use the existing ${resource} (Get or Get Many finds it) or change the ${field}. Channel360 said: ${detail}`,
		};
	}
	if (status === 401) {
		return {
			...base,
			kind: 'invalidToken',
			message: 'Channel360 did not accept the API token',
			description: 'Check the API token in the Channel360 credential; it may have been revoked or mistyped.',
		};
	}
	if (status === 403) {
		return {
			...base,
			kind: 'wrongOrganisation',
			message: 'The API token does not belong to this organisation',
			description: 'Check the Organisation ID in the Channel360 credential: it must be the organisation the token was issued for.',
		};
	}
	if (status === 404) {
		return {
			...base,
			kind: 'notFound',
			message: `Channel360 could not find the ${resource}`,
			description: `Check the ${resource} identifier. Channel360 said: ${detail || 'not found'}`,
		};
	}
	if (TEMPLATE_NOT_APPROVED.test(detail)) {
		return {
			...base,
			kind: 'templateNotApproved',
			message: 'The template cannot be sent',
			description: `Only templates that WhatsApp has approved, in the chosen language, can be sent. Channel360 said: ${detail}`,
		};
	}
	if (status === 429) {
		return {
			...base,
			kind: 'rateLimited',
			message: 'Channel360 is rate limiting these requests',
			description:
				history.refusedRetryAfterMs !== undefined
					? `Channel360 asked to wait ${Math.ceil(history.refusedRetryAfterMs / 1000)} s before trying again, longer than the node waits. Lower the send rate in the node options, or try again later.`
					: `${retriesDone(history)} Lower the send rate in the node options, or try again later.`,
		};
	}
	if (status >= 500 || (status === 408 && history.mayHaveBeenQueued)) {
		return {
			...base,
			kind: 'server',
			message: `Channel360 could not handle the request (HTTP ${status})`,
			description: history.mayHaveBeenQueued
				? `It was not retried, because Channel360 may have carried it out before failing. ${MAY_HAVE_BEEN_QUEUED}`
				: `${retriesDone(history)} Try again later; if it persists, contact Channel360 support.`,
		};
	}
	if (status === 400 || status === 422) {
		return {
			...base,
			kind: 'validation',
			message: `Channel360 rejected the ${resource} request: ${detail || 'invalid input'}`,
			description: 'Check the fields named in the message above.',
		};
	}
	return {
		...base,
		kind: 'unknown',
		message: `Channel360 answered HTTP ${status}`,
		description: detail || 'No further detail was given.',
	};
}

/** Replaces every occurrence of each secret with a placeholder, in any string. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	let result = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) result = result.split(secret).join('[redacted]');
	}
	return result;
}
