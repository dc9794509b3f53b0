import { runPaced, type PacingClock } from '../../nodes/Channel360/core/pacedDispatch';
import { Pacer } from '../../nodes/Channel360/core/pacing';

/** A virtual clock: sleeping moves time forward in order of wake-up, nothing waits for real. */
class VirtualClock implements PacingClock {
	private time = 0;
	private sleepers: Array<{ until: number; wake: () => void }> = [];
	now(): number {
		return this.time;
	}
	async sleep(ms: number, signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return;
		await new Promise<void>((wake) => {
			const sleeper = { until: this.time + ms, wake };
			this.sleepers.push(sleeper);
			signal?.addEventListener('abort', () => {
				this.sleepers = this.sleepers.filter((entry) => entry !== sleeper);
				wake();
			});
		});
	}
	/** Runs until every job settled: wakes the earliest sleeper whenever all else is idle. */
	async drive<T>(work: Promise<T>): Promise<T> {
		let settled = false;
		void work.finally(() => (settled = true));
		while (!settled) {
			await new Promise((resolve) => setImmediate(resolve));
			if (this.sleepers.length === 0) continue;
			this.sleepers.sort((a, b) => a.until - b.until);
			const next = this.sleepers.shift()!;
			this.time = Math.max(this.time, next.until);
			next.wake();
		}
		return await work;
	}
}

function job(clock: VirtualClock, recipient: string, log: Array<[string, number]>, result: () => Promise<string> = async () => recipient) {
	return {
		recipient,
		run: async () => {
			log.push([recipient, clock.now()]);
			return await result();
		},
	};
}

describe('runPaced', () => {
	it('starts sends at the configured rate, in item order, each recipient spaced by its interval', async () => {
		const clock = new VirtualClock();
		const pacer = new Pacer({ messagesPerSecond: 10, perRecipientIntervalMs: 1000 });
		const log: Array<[string, number]> = [];
		const results = await clock.drive(runPaced(['a', 'b', 'a', 'c'].map((r) => job(clock, r, log)), pacer, clock));
		expect(results.map((result) => result.status)).toEqual(['done', 'done', 'done', 'done']);
		expect(log).toEqual([
			['a', 0],
			['b', pacer.spacingMs],
			['c', 2 * pacer.spacingMs],
			['a', 1000],
		]);
	});

	it('spaces a recipient from when the previous send finished, not when it was planned', async () => {
		const clock = new VirtualClock();
		const pacer = new Pacer({ messagesPerSecond: 10, perRecipientIntervalMs: 1000 });
		const log: Array<[string, number]> = [];
		const slowFirst = async () => {
			await clock.sleep(300);
			return 'slow';
		};
		await clock.drive(runPaced([job(clock, 'a', log, slowFirst), job(clock, 'a', log)], pacer, clock));
		expect(log).toEqual([
			['a', 0],
			['a', 1300],
		]);
	});

	it('after a 429 pause, starts nothing during the pause and does not burst when it ends', async () => {
		const clock = new VirtualClock();
		const pacer = new Pacer({ messagesPerSecond: 10, perRecipientIntervalMs: 0 });
		const log: Array<[string, number]> = [];
		const first = async () => {
			pacer.pauseUntil(clock.now() + 1000);
			return 'paused';
		};
		const jobs = [job(clock, 'r0', log, first), ...Array.from({ length: 5 }, (_, i) => job(clock, `r${i + 1}`, log))];
		await clock.drive(runPaced(jobs, pacer, clock));
		const times = log.map(([, at]) => at);
		expect(times.slice(1).every((at) => at >= 1000)).toBe(true);
		for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(100);
	});

	it('with stopOnFailure, starts nothing after a failure; without it, goes on', async () => {
		for (const stop of [true, false]) {
			const clock = new VirtualClock();
			const pacer = new Pacer({ messagesPerSecond: 10, perRecipientIntervalMs: 0 });
			const log: Array<[string, number]> = [];
			const failing = async (): Promise<string> => {
				throw new Error('refused');
			};
			const results = await clock.drive(
				runPaced([job(clock, 'a', log), job(clock, 'b', log, failing), job(clock, 'c', log)], pacer, clock, { stopOnFailure: stop }),
			);
			expect(results.map((result) => result.status)).toEqual(stop ? ['done', 'failed', 'cancelled'] : ['done', 'failed', 'done']);
		}
	});
});

describe('runPaced stopping', () => {
	it('the first failure stops the batch within one send interval, even at the slowest rate', async () => {
		const clock = new VirtualClock();
		// 0.1 per second: the 1,000 planned slots span 10,000 s.
		const pacer = new Pacer({ messagesPerSecond: 0.1, perRecipientIntervalMs: 0 });
		const log: Array<[string, number]> = [];
		const failing = async (): Promise<string> => {
			throw new Error('refused');
		};
		const jobs = Array.from({ length: 1000 }, (_, n) => job(clock, `r${n}`, log, n === 1 ? failing : undefined));
		const results = await clock.drive(runPaced(jobs, pacer, clock, { stopOnFailure: true }));
		const failedAt = log[1][1];
		expect(log).toHaveLength(2);
		expect(clock.now() - failedAt).toBeLessThan(pacer.spacingMs);
		expect(results.filter((result) => result.status === 'cancelled')).toHaveLength(998);
	});

	it('a stop from outside (execution cancelled) wakes the waiting jobs: nothing more starts', async () => {
		const clock = new VirtualClock();
		const pacer = new Pacer({ messagesPerSecond: 1, perRecipientIntervalMs: 0 });
		const log: Array<[string, number]> = [];
		const cancel = new AbortController();
		const jobs = Array.from({ length: 50 }, (_, n) => job(clock, `r${n}`, log, async () => {
			if (n === 2) cancel.abort();
			return 'ok';
		}));
		const results = await clock.drive(runPaced(jobs, pacer, clock, { signal: cancel.signal }));
		expect(log).toHaveLength(3);
		expect(clock.now()).toBeLessThan(3000);
		expect(results.map((result) => result.status).slice(0, 4)).toEqual(['done', 'done', 'done', 'cancelled']);
	});

	it('keeps only a window of jobs waiting, whatever the number of items, and still sends them all in order at the rate', async () => {
		const clock = new VirtualClock();
		const pacer = new Pacer({ messagesPerSecond: 1000, perRecipientIntervalMs: 6000 });
		let waitingPeak = 0;
		let started = 0;
		let settled = 0;
		const jobs = Array.from({ length: 20_000 }, (_, n) => ({
			recipient: `r${n}`,
			run: async () => {
				started++;
				return n;
			},
		}));
		const originalSleep = clock.sleep.bind(clock);
		let sleeping = 0;
		clock.sleep = async (ms, signal) => {
			sleeping++;
			waitingPeak = Math.max(waitingPeak, sleeping);
			await originalSleep(ms, signal);
			sleeping--;
		};
		const results = await clock.drive(runPaced(jobs, pacer, clock, { maxWaiting: 500, onSettled: () => void settled++ }));
		expect(started).toBe(20_000);
		expect(settled).toBe(20_000);
		expect(results.every((result) => result.status === 'done')).toBe(true);
		expect(waitingPeak).toBeLessThanOrEqual(500);
		// 20,000 sends at 1,000 per second: the last starts at 19.999 s, not earlier.
		expect((results[19_999] as { startedAt: number }).startedAt).toBeGreaterThanOrEqual(19_999);
	}, 60_000);
});

describe('runPaced sends under way', () => {
	it('keeps at most maxInFlight sends under way when answers are slower than the rate, and still sends every item once, in order', async () => {
		const clock = new VirtualClock();
		const pacer = new Pacer({ messagesPerSecond: 100, perRecipientIntervalMs: 6000 });
		let underWay = 0;
		let peak = 0;
		const started: number[] = [];
		// Each answer takes 1 s: at 100/s, 100 sends would be under way without a limit.
		const jobs = Array.from({ length: 60 }, (_, n) => ({
			recipient: `r${n}`,
			run: async () => {
				started.push(n);
				peak = Math.max(peak, ++underWay);
				await clock.sleep(1000);
				underWay--;
				return n;
			},
		}));
		const results = await clock.drive(runPaced(jobs, pacer, clock, { maxInFlight: 8 }));
		expect(results.every((result) => result.status === 'done')).toBe(true);
		expect(started).toEqual(jobs.map((_, n) => n));
		expect(peak).toBe(8);
		// Eight answers per second: the last of 60 starts after 7 s, not at 0.59 s.
		expect((results[59] as { startedAt: number }).startedAt).toBeGreaterThanOrEqual(7000);
	});

	it('a failure with stopOnFailure wakes the jobs waiting for room: nothing more starts', async () => {
		const clock = new VirtualClock();
		const pacer = new Pacer({ messagesPerSecond: 100, perRecipientIntervalMs: 6000 });
		const started: number[] = [];
		const jobs = Array.from({ length: 20 }, (_, n) => ({
			recipient: `r${n}`,
			run: async () => {
				started.push(n);
				await clock.sleep(n === 0 ? 100 : 5000);
				if (n === 0) throw new Error('refused');
				return n;
			},
		}));
		const results = await clock.drive(runPaced(jobs, pacer, clock, { maxInFlight: 4, stopOnFailure: true }));
		expect(started).toEqual([0, 1, 2, 3]);
		expect(results.map((result) => result.status)).toEqual(['failed', 'done', 'done', 'done', ...Array(16).fill('cancelled')]);
	});
});

describe('Pacer.cancel', () => {
	it('frees the slot and the recipient interval of a reservation that was not used', () => {
		const pacer = new Pacer({ messagesPerSecond: 10, perRecipientIntervalMs: 6000 });
		const start = pacer.reserve('a', 0);
		pacer.cancel('a', start);
		expect(pacer.reserve('b', 0)).toBe(0);
		expect(pacer.reserve('a', 0)).toBe(pacer.spacingMs);
	});
});
