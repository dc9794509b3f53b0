import { Pacer, RATE_HEADROOM } from '../../nodes/Channel360/core/pacing';

describe('Pacer', () => {
	it('spaces sends evenly, a little under the configured rate', () => {
		const pacer = new Pacer({ messagesPerSecond: 10, perRecipientIntervalMs: 6000 });
		const starts = Array.from({ length: 5 }, (_, i) => pacer.reserve(`+2760000000${i}`, 0));
		const spacing = 1000 / (10 * RATE_HEADROOM);
		expect(starts).toEqual([0, 1, 2, 3, 4].map((n) => n * spacing));
		expect(spacing).toBeGreaterThan(100);
		expect(spacing).toBeLessThan(103);
	});

	it.each([80, 1000])('at %i/s, sends that start up to one spacing late never put more than the limit in one second (Channel360 counts per second)', (rate) => {
		const pacer = new Pacer({ messagesPerSecond: rate, perRecipientIntervalMs: 0 });
		const planned = Array.from({ length: 20 * rate }, (_, i) => pacer.reserve(`+27600${i}`, 0));
		// Each send starts late by a different amount below one spacing, as on a busy event loop;
		// the seconds are offset from the plan, as Channel360's are.
		for (const offsetMs of [0, 137, 503, 999]) {
			const perSecond = new Map<number, number>();
			planned.forEach((start, i) => {
				const second = Math.floor((start + offsetMs + ((i * 7919) % 100) / 100 * pacer.spacingMs * 0.99) / 1000);
				perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
			});
			expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(rate);
		}
	});

	it('keeps six seconds between two sends to the same recipient without holding others back', () => {
		const pacer = new Pacer({ messagesPerSecond: 10, perRecipientIntervalMs: 6000 });
		expect(pacer.reserve('+27600000001', 0)).toBe(0);
		expect(pacer.reserve('+27600000001', 0)).toBe(6000);
		expect(pacer.reserve('+27600000002', 0)).toBe(pacer.spacingMs);
	});

	it('never puts two sends closer than the spacing, whatever the order of reservations', () => {
		const pacer = new Pacer({ messagesPerSecond: 80, perRecipientIntervalMs: 6000 });
		const starts: number[] = [];
		for (let i = 0; i < 500; i++) starts.push(pacer.reserve(`+2760${i % 37}`, 0));
		starts.sort((a, b) => a - b);
		for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(pacer.spacingMs - 1e-9);
	});

	it('starts nothing before the end of a rate-limit pause', () => {
		const pacer = new Pacer({ messagesPerSecond: 10, perRecipientIntervalMs: 0 });
		pacer.reserve('a', 0);
		pacer.pauseUntil(5000);
		expect(pacer.reserve('b', 100)).toBe(5000);
		expect(pacer.resumeAt).toBe(5000);
	});

	it('refuses a rate of zero', () => {
		expect(() => new Pacer({ messagesPerSecond: 0, perRecipientIntervalMs: 0 })).toThrow(RangeError);
	});
});
