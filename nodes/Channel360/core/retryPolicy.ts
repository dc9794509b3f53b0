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
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 5,
	baseDelayMs: 500,
	maxDelayMs: 20_000,
	maxRetryAfterMs: 120_000,
};

export function isRetryableStatus(status: number): boolean {
	return status === 429 || status === 408 || (status >= 500 && status <= 599);
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
