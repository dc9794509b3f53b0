/**
 * Runs sends at the times a Pacer hands out, all items of an execution together: each job
 * reserves its slot in item order up front (so a recipient waiting out its 6 s does not hold up
 * the others), sleeps until it, and takes a new slot if Channel360 asked us to pause meanwhile
 * (so a pause does not end in a burst). The clock and sleep are passed in: no n8n imports.
 */
import type { Pacer } from './pacing';

export interface PacingClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export interface PacedJob<T> {
	recipient: string;
	run: () => Promise<T>;
}

export type PacedResult<T> =
	| { status: 'done'; value: T; startedAt: number }
	| { status: 'failed'; error: unknown; startedAt: number }
	/** Not started because an earlier job failed and `stopOnFailure` was set. */
	| { status: 'cancelled' };

export async function runPaced<T>(
	jobs: ReadonlyArray<PacedJob<T>>,
	pacer: Pacer,
	clock: PacingClock,
	stopOnFailure = false,
): Promise<Array<PacedResult<T>>> {
	let failed = false;
	const firstSlots = jobs.map((job) => pacer.reserve(job.recipient, clock.now()));
	return await Promise.all(
		jobs.map(async (job, index): Promise<PacedResult<T>> => {
			let start = firstSlots[index];
			for (;;) {
				const wait = start - clock.now();
				if (wait > 0) await clock.sleep(wait);
				if (pacer.resumeAt <= clock.now()) break;
				pacer.cancel(job.recipient, start);
				start = pacer.reserve(job.recipient, clock.now());
			}
			if (stopOnFailure && failed) return { status: 'cancelled' };
			const startedAt = clock.now();
			try {
				return { status: 'done', value: await job.run(), startedAt };
			} catch (error) {
				failed = true;
				return { status: 'failed', error, startedAt };
			}
		}),
	);
}
