/**
 * When to retry a Channel360 call and how long to wait first. Pure: the caller sleeps.
 */

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited for: the call fails with a clear message. */
	maxRetryAfterMs: number;
	/**
	 * The most one call may take from its first attempt to its last answer, waits and attempts
	 * included. No retry starts that could not finish within it, and each attempt's timeout is what
	 * is left, so a call never waits longer than this whatever Channel360 does.
	 */
	budgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 5,
	baseDelayMs: 500,
	maxDelayMs: 20_000,
	maxRetryAfterMs: 120_000,
	budgetMs: 60_000,
};

/** Below this, an attempt is not worth starting: it could not get an answer in time. */
export const MIN_ATTEMPT_MS = 1_000;

export function isRetryableStatus(status: number): boolean {
	return status === 429 || status === 408 || (status >= 500 && status <= 599);
}

/**
 * Errors where the request certainly never reached Channel360 (the connection was refused or the
 * host name did not resolve): even a call that must not run twice may be repeated.
 */
const NEVER_SENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export function requestNeverSent(code: unknown): boolean {
	return typeof code === 'string' && NEVER_SENT_NETWORK_CODES.has(code);
}

const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ESOCKETTIMEDOUT',
]);

export function isRetryableNetworkCode(code: unknown): boolean {
	return typeof code === 'string' && RETRYABLE_NETWORK_CODES.has(code);
}

/** Retry-After is either delay-seconds or an HTTP date. Returns milliseconds, or undefined. */
export function parseRetryAfter(header: unknown, now: number): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, value * 1000);
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.max(0, Math.round(Number(trimmed) * 1000));
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/**
 * Delay before retry number `retry` (0-based). Without Retry-After: exponential backoff with
 * "equal jitter" (half fixed, half random), capped. With Retry-After: exactly what the server
 * asked, plus up to 10% jitter so that many clients do not come back at the same instant.
 */
export function retryDelayMs(
	retry: number,
	policy: RetryPolicy,
	retryAfterMs?: number,
	random: () => number = Math.random,
): number {
	if (retryAfterMs !== undefined) {
		return Math.round(retryAfterMs + retryAfterMs * 0.1 * random());
	}
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
	return Math.round(exponential / 2 + (exponential / 2) * random());
}

/**
 * One call's retry budget, read against a clock the caller passes in (pure, testable with a
 * virtual clock): how long the next attempt may take, and whether a retry after a given delay
 * still fits.
 */
export class RetryBudget {
	readonly deadline: number;

	constructor(
		readonly policy: RetryPolicy,
		readonly startedAt: number,
	) {
		this.deadline = startedAt + policy.budgetMs;
	}

	/** The timeout for an attempt starting at `now`: whatever is left of the budget. */
	attemptTimeoutMs(now: number): number {
		return Math.max(0, this.deadline - now);
	}

	/**
	 * The delay before retry number `retry` (0-based), or undefined when no retry is allowed: the
	 * retries are used up, or after waiting there would be less than MIN_ATTEMPT_MS of budget left.
	 */
	delayBeforeRetry(retry: number, now: number, retryAfterMs?: number, random: () => number = Math.random): number | undefined {
		if (retry >= this.policy.maxRetries) return undefined;
		const delay = retryDelayMs(retry, this.policy, retryAfterMs, random);
		return now + delay + MIN_ATTEMPT_MS <= this.deadline ? delay : undefined;
	}

	elapsedMs(now: number): number {
		return now - this.startedAt;
	}
}
