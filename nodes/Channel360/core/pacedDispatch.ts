/**
 * Runs sends at the times a Pacer hands out, all items of an execution together, in item order.
 * Only a bounded number of jobs wait for their slot at any time (`maxWaiting`): each reserves
 * its slot when it is taken up, so the work and memory of a run grow with that window, not with
 * the number of items (100,000 items keep about `maxWaiting` timers, not 100,000). A recipient
 * waiting out its interval does not hold up the others while the window has room.
 *
 * A job gives its slot back and takes a new one when it cannot start on time: Channel360 asked
 * us to pause (429), its timer fired late (the process was busy), or the previous message to the
 * same recipient finished later than planned. So neither a pause nor a busy process ends in a
 * burst, and one recipient's messages are spaced from the moment the previous one was accepted.
 *
 * At most `maxInFlight` sends are under way at once. When the process cannot take the answers as
 * fast as the rate hands out slots (one n8n process on a busy CPU), starting more only piles up
 * open requests: up to the whole waiting window (2,000 at 1,000/s), on connections beyond node's
 * pool of kept-alive sockets. Two 100,000-recipient runs without this limit stopped on a
 * connection reset (at 5,493 and 55,422 sent; the receiver's accept queue overflowing is the
 * inferred cause); the run with it sent all. A job finding the limit reached gives its slot back
 * and takes a new one when a send finishes.
 *
 * Stopping (the first failure with `stopOnFailure`, or the caller's signal) wakes every waiting
 * job at once: nothing more starts, the sends already under way finish, and the run returns
 * without waiting for the slots that were planned. The clock and sleep are passed in: no n8n
 * imports.
 */
import type { Pacer } from './pacing';

export interface PacingClock {
	now(): number;
	/** Resolves after `ms`, or as soon as `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface PacedJob<T> {
	recipient: string;
	run: () => Promise<T>;
}

export type PacedResult<T> =
	| { status: 'done'; value: T; startedAt: number }
	| { status: 'failed'; error: unknown; startedAt: number }
	/** Not started: an earlier job failed with `stopOnFailure` set, or the run was stopped. */
	| { status: 'cancelled' };

export interface PacedRunOptions<T> {
	/** The first failed job stops the run: nothing more starts. */
	stopOnFailure?: boolean;
	/** Stops the run from outside (n8n's execution was cancelled). */
	signal?: AbortSignal;
	/** Jobs waiting for their slot at once; default: two seconds of sends, at least 64. */
	maxWaiting?: number;
	/** Sends under way at once; default: one second of sends, at least 16, at most 256. */
	maxInFlight?: number;
	/** Told as each job settles, in the order they settle (progress, campaign records). */
	onSettled?: (index: number, result: PacedResult<T>) => void | Promise<void>;
}

export function defaultMaxWaiting(pacer: Pacer): number {
	return Math.min(4_000, Math.max(64, Math.ceil((2_000 / pacer.spacingMs))));
}

/**
 * One second of sends, at least 16 (a slow answer does not stall a slow rate), at most 256: node's
 * HTTP agent keeps up to 256 idle connections alive, so the sends reuse them instead of opening new
 * ones. At 1,000/s that allows Channel360 256 ms per answer before the rate drops.
 */
export function defaultMaxInFlight(pacer: Pacer): number {
	return Math.min(256, Math.max(16, Math.ceil(1_000 / pacer.spacingMs)));
}

interface RecipientState {
	/** When the latest job to this recipient finished (or -Infinity when it never ran). */
	finished: Promise<number>;
	settledAt?: number;
}

export async function runPaced<T>(
	jobs: ReadonlyArray<PacedJob<T>>,
	pacer: Pacer,
	clock: PacingClock,
	options: PacedRunOptions<T> = {},
): Promise<Array<PacedResult<T>>> {
	const stop = new AbortController();
	/** One controller per sleeping job, so that no shared signal collects a listener per sleep. */
	const sleepers = new Set<AbortController>();
	/** Jobs whose slot came while `maxInFlight` sends were under way, woken one per finished send. */
	let waitingForRoom: Array<() => void> = [];
	const stopNow = () => {
		if (stop.signal.aborted) return;
		stop.abort();
		for (const sleeper of sleepers) sleeper.abort();
		for (const resume of waitingForRoom) resume();
		waitingForRoom = [];
	};
	const sleepUnlessStopped = async (ms: number) => {
		if (stop.signal.aborted) return;
		const sleeper = new AbortController();
		sleepers.add(sleeper);
		try {
			await clock.sleep(ms, sleeper.signal);
		} finally {
			sleepers.delete(sleeper);
		}
	};
	if (options.signal?.aborted) stopNow();
	options.signal?.addEventListener('abort', stopNow, { once: true });
	const maxWaiting = options.maxWaiting ?? defaultMaxWaiting(pacer);
	const maxInFlight = options.maxInFlight ?? defaultMaxInFlight(pacer);
	let sending = 0;
	const untilASendFinishes = async () => {
		if (stop.signal.aborted) return;
		await new Promise<void>((resume) => waitingForRoom.push(resume));
	};
	const results: Array<PacedResult<T>> = new Array(jobs.length).fill({ status: 'cancelled' });
	const byRecipient = new Map<string, RecipientState>();
	let running = 0;
	let wakeDispatcher: (() => void) | undefined;
	const wake = () => {
		const resume = wakeDispatcher;
		wakeDispatcher = undefined;
		resume?.();
	};
	stop.signal.addEventListener('abort', wake, { once: true });

	/** Drops recipients whose last send is older than their interval: they constrain nothing. */
	const forgetIdleRecipients = () => {
		const horizon = clock.now() - pacer.perRecipientIntervalMs;
		for (const [recipient, state] of byRecipient) {
			if (state.settledAt !== undefined && state.settledAt < horizon) byRecipient.delete(recipient);
		}
	};

	const runJob = async (job: PacedJob<T>): Promise<PacedResult<T>> => {
		const previous = byRecipient.get(job.recipient);
		const previousFinished = previous?.finished ?? Promise.resolve(-Infinity);
		let markFinished: (at: number) => void = () => undefined;
		const state: RecipientState = { finished: new Promise<number>((resolve) => (markFinished = resolve)) };
		byRecipient.set(job.recipient, state);

		let start = pacer.reserve(job.recipient, clock.now());
		let ran = false;
		try {
			for (;;) {
				const wait = start - clock.now();
				if (wait > 0) await sleepUnlessStopped(wait);
				if (stop.signal.aborted) break;
				const notBefore = Math.max(pacer.resumeAt, (await previousFinished) + pacer.perRecipientIntervalMs);
				const now = clock.now();
				const roomToSend = sending < maxInFlight;
				if (notBefore <= now && now <= start + pacer.spacingMs && roomToSend) break;
				pacer.cancel(job.recipient, start);
				if (!roomToSend) await untilASendFinishes();
				else if (notBefore > now) await sleepUnlessStopped(notBefore - now);
				if (stop.signal.aborted) break;
				start = pacer.reserve(job.recipient, clock.now());
			}
			if (stop.signal.aborted) {
				pacer.cancel(job.recipient, start);
				return { status: 'cancelled' };
			}
			ran = true;
			const startedAt = clock.now();
			sending++;
			try {
				return { status: 'done', value: await job.run(), startedAt };
			} catch (error) {
				if (options.stopOnFailure) stopNow();
				return { status: 'failed', error, startedAt };
			} finally {
				sending--;
				waitingForRoom.shift()?.();
			}
		} finally {
			const finishedAt = ran ? clock.now() : await previousFinished;
			state.settledAt = finishedAt;
			markFinished(finishedAt);
		}
	};

	const inFlight = new Set<Promise<void>>();
	let settleError: { error: unknown } | undefined;
	for (let index = 0; index < jobs.length && !stop.signal.aborted; index++) {
		while (running >= maxWaiting && !stop.signal.aborted) {
			await new Promise<void>((resume) => (wakeDispatcher = resume));
		}
		if (stop.signal.aborted) break;
		if (index % 1024 === 0) forgetIdleRecipients();
		running++;
		const task: Promise<void> = runJob(jobs[index]).then(async (result) => {
			results[index] = result;
			try {
				await options.onSettled?.(index, result);
			} catch (error) {
				// The caller could not record a result (e.g. the campaign store failed): stop sending.
				settleError ??= { error };
				stopNow();
			}
		});
		inFlight.add(task);
		void task.finally(() => {
			inFlight.delete(task);
			running--;
			wake();
		});
	}
	while (inFlight.size > 0) await Promise.all([...inFlight]);
	options.signal?.removeEventListener('abort', stopNow);
	if (settleError) throw settleError.error;
	return results;
}
