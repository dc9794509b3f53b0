/**
 * Runs sends at the times a Pacer hands out, all items of an execution together. Each job
 * reserves its slot in item order up front, so a recipient waiting out its interval does not
 * hold up the others. A job gives its slot back and takes a new one when it cannot start on
 * time: Channel360 asked us to pause (429), its timer fired late (the process was busy), or the
 * previous message to the same recipient finished later than planned. So neither a pause nor a
 * busy process ends in a burst, and one recipient's messages are spaced from the moment the
 * previous one was accepted, not from when it was planned. The clock and sleep are passed in:
 * no n8n imports.
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
	/** When the latest job per recipient finished (or -Infinity when it never ran). */
	const finishedByRecipient = new Map<string, Promise<number>>();
	const firstSlots = jobs.map((job) => pacer.reserve(job.recipient, clock.now()));

	return await Promise.all(
		jobs.map(async (job, index): Promise<PacedResult<T>> => {
			const previousFinished = finishedByRecipient.get(job.recipient) ?? Promise.resolve(-Infinity);
			let markFinished: (at: number) => void = () => undefined;
			finishedByRecipient.set(job.recipient, new Promise<number>((resolve) => (markFinished = resolve)));

			let start = firstSlots[index];
			let ran = false;
			try {
				for (;;) {
					const wait = start - clock.now();
					if (wait > 0) await clock.sleep(wait);
					const notBefore = Math.max(pacer.resumeAt, (await previousFinished) + pacer.perRecipientIntervalMs);
					const now = clock.now();
					if (notBefore <= now && now <= start + pacer.spacingMs) break;
					pacer.cancel(job.recipient, start);
					if (notBefore > now) await clock.sleep(notBefore - now);
					start = pacer.reserve(job.recipient, clock.now());
				}
				if (stopOnFailure && failed) return { status: 'cancelled' };
				ran = true;
				const startedAt = clock.now();
				try {
					return { status: 'done', value: await job.run(), startedAt };
				} catch (error) {
					failed = true;
					return { status: 'failed', error, startedAt };
				}
			} finally {
				markFinished(ran ? clock.now() : await previousFinished);
			}
		}),
	);
}
