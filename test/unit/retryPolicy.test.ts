import {
	DEFAULT_RETRY_POLICY,
	isRetryableStatus,
	parseRetryAfter,
	retryDelayMs,
	RetryBudget,
	type RetryPolicy,
} from '../../nodes/Channel360/core/retryPolicy';

describe('retry policy', () => {
	it('retries rate limits and server errors, not client errors', () => {
		expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
		expect([400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
	});

	it('reads Retry-After as seconds or as an HTTP date', () => {
		const now = Date.parse('2026-11-24T08:00:00Z');
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter(['1.5'], now)).toBe(1500);
		expect(parseRetryAfter('Tue, 24 Nov 2026 08:00:10 GMT', now)).toBe(10_000);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});

	it('waits at least what Retry-After asks and at most 10% more', () => {
		expect(retryDelayMs(0, DEFAULT_RETRY_POLICY, 2000, () => 0)).toBe(2000);
		expect(retryDelayMs(0, DEFAULT_RETRY_POLICY, 2000, () => 1)).toBe(2200);
	});

	it('backs off exponentially with jitter and a cap', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(retryDelayMs(0, policy, undefined, () => 0)).toBe(50);
		expect(retryDelayMs(0, policy, undefined, () => 1)).toBe(100);
		expect(retryDelayMs(3, policy, undefined, () => 1)).toBe(800);
		expect(retryDelayMs(10, policy, undefined, () => 1)).toBe(1000);
		expect(retryDelayMs(10, policy, undefined, () => 0)).toBe(500);
	});
});

describe('retry budget', () => {
	/**
	 * A call against a virtual clock: every attempt takes as long as its timeout allows at most
	 * (a slow or hanging Channel360), every answer is retryable, Retry-After varies. Whatever
	 * happens, the call is over by its budget.
	 */
	function simulateCall(policy: RetryPolicy, attemptMs: (timeoutMs: number) => number, retryAfterMs: () => number | undefined, random: () => number) {
		let now = 1_000_000;
		const budget = new RetryBudget(policy, now);
		let attempts = 0;
		for (let retry = 0; ; retry++) {
			attempts++;
			const timeout = budget.attemptTimeoutMs(now);
			now += Math.min(timeout, Math.round(attemptMs(timeout)));
			const delay = budget.delayBeforeRetry(retry, now, retryAfterMs(), random);
			if (delay === undefined) break;
			now += delay;
		}
		return { attempts, elapsedMs: now - budget.startedAt };
	}

	it('is never exceeded, whatever the attempts take and whatever Retry-After says', () => {
		let seed = 42;
		const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
		for (let run = 0; run < 2000; run++) {
			const policy: RetryPolicy = {
				maxRetries: Math.floor(random() * 12),
				baseDelayMs: Math.round(50 + random() * 2000),
				maxDelayMs: 30_000,
				maxRetryAfterMs: 120_000,
				budgetMs: Math.round(2_000 + random() * 120_000),
			};
			const { elapsedMs, attempts } = simulateCall(
				policy,
				(timeout) => (random() < 0.3 ? timeout : random() * 5_000),
				() => (random() < 0.5 ? random() * 60_000 : undefined),
				random,
			);
			expect(elapsedMs).toBeLessThanOrEqual(policy.budgetMs);
			expect(attempts).toBeLessThanOrEqual(policy.maxRetries + 1);
		}
	});

	it('gives each attempt only what is left, and starts no retry that could not get an answer in time', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, budgetMs: 10_000 };
		const budget = new RetryBudget(policy, 0);
		expect(budget.attemptTimeoutMs(4_000)).toBe(6_000);
		expect(budget.delayBeforeRetry(0, 4_000, 5_000, () => 0)).toBe(5_000);
		expect(budget.delayBeforeRetry(0, 4_500, 5_000, () => 0)).toBeUndefined();
		expect(budget.delayBeforeRetry(policy.maxRetries, 0, undefined, () => 0)).toBeUndefined();
	});
});
