import { Pacer } from '../../nodes/Channel360/core/pacing';

describe('Pacer', () => {
	it('spaces sends evenly at the configured rate', () => {
		const pacer = new Pacer({ messagesPerSecond: 10, perRecipientIntervalMs: 6000 });
		const starts = Array.from({ length: 5 }, (_, i) => pacer.reserve(`+2760000000${i}`, 0));
		expect(starts).toEqual([0, 100, 200, 300, 400]);
	});

	it('keeps six seconds between two sends to the same recipient without holding others back', () => {
		const pacer = new Pacer({ messagesPerSecond: 10, perRecipientIntervalMs: 6000 });
		expect(pacer.reserve('+27600000001', 0)).toBe(0);
		expect(pacer.reserve('+27600000001', 0)).toBe(6000);
		expect(pacer.reserve('+27600000002', 0)).toBe(100);
	});

	it('never puts two sends closer than the spacing, whatever the order of reservations', () => {
		const pacer = new Pacer({ messagesPerSecond: 80, perRecipientIntervalMs: 6000 });
		const starts: number[] = [];
		for (let i = 0; i < 500; i++) starts.push(pacer.reserve(`+2760${i % 37}`, 0));
		starts.sort((a, b) => a - b);
		for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(12.5 - 1e-9);
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
