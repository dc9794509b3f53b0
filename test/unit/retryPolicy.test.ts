import {
	DEFAULT_RETRY_POLICY,
	isRetryableStatus,
	parseRetryAfter,
	retryDelayMs,
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
