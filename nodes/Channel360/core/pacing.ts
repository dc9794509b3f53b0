/**
 * Send pacing for business-initiated outreach: at most `messagesPerSecond` sends overall
 * (evenly spaced a little under it, no bursts) and at most one send per recipient every `perRecipientIntervalMs`
 * (WhatsApp's pair rate, about one message per 6 s to the same user). Pure: it hands out start
 * times; the caller sleeps until them.
 */

export interface PacingOptions {
	messagesPerSecond: number;
	perRecipientIntervalMs: number;
}

/**
 * The share of `messagesPerSecond` the pacer plans for. Channel360 counts requests per second
 * (429 beyond the limit, "retry after 1 s"); sends planned exactly at the limit fill every second
 * to the last slot, so one send that starts a few milliseconds late (a busy event loop) lands in
 * the next second and pushes it over: a 429 and a one-second pause cost far more than this
 * margin (bench: 0.88 of the limit at exactly 80/s with 1-4 429s per run, 0.955-0.976 at 78/s
 * with none). At 80/s this plans 78; a send may start up to a spacing late without a 429.
 */
export const RATE_HEADROOM = 0.975;

export const DEFAULT_PACING: PacingOptions = {
	messagesPerSecond: 20,
	perRecipientIntervalMs: 6_000,
};

export class Pacer {
	/** Time between two sends overall. */
	readonly spacingMs: number;
	/** Start times already handed out, ascending; old ones are pruned. */
	private readonly slots: number[] = [];
	private readonly nextByRecipient = new Map<string, number>();
	private pausedUntil = -Infinity;
	private reservesSincePrune = 0;

	constructor(private readonly options: PacingOptions) {
		if (!(options.messagesPerSecond > 0)) {
			throw new RangeError('messagesPerSecond must be greater than 0');
		}
		this.spacingMs = 1000 / (options.messagesPerSecond * RATE_HEADROOM);
	}

	/** Reserves the earliest start time for a send to `recipient` that keeps both limits. */
	reserve(recipient: string, now: number): number {
		this.prune(now);
		let start = Math.max(now, this.pausedUntil, this.nextByRecipient.get(recipient) ?? -Infinity);
		// Slots are sorted, and `start` only moves forward: one pass finds the first gap.
		for (const slot of this.slots) {
			if (slot + this.spacingMs <= start) continue;
			if (slot >= start + this.spacingMs) break;
			start = slot + this.spacingMs;
		}
		this.insert(start);
		this.nextByRecipient.set(recipient, start + this.options.perRecipientIntervalMs);
		return start;
	}

	/**
	 * Gives back a reserved start that was not used (the send could not start on time, e.g. it
	 * fell into a pause), so that taking a new one does not also count it against the recipient.
	 */
	cancel(recipient: string, start: number): void {
		const index = this.slots.indexOf(start);
		if (index >= 0) this.slots.splice(index, 1);
		if (this.nextByRecipient.get(recipient) === start + this.options.perRecipientIntervalMs) {
			this.nextByRecipient.set(recipient, start);
		}
	}

	/** Channel360 said "too many requests": nothing new starts before `until`. */
	pauseUntil(until: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, until);
	}

	get perRecipientIntervalMs(): number {
		return this.options.perRecipientIntervalMs;
	}

	/** The earliest time anything may start, for sends that were reserved before a pause. */
	get resumeAt(): number {
		return this.pausedUntil;
	}

	private insert(start: number): void {
		let index = this.slots.length;
		while (index > 0 && this.slots[index - 1] > start) index--;
		this.slots.splice(index, 0, start);
	}

	private prune(now: number): void {
		let stale = 0;
		while (stale < this.slots.length && this.slots[stale] + this.spacingMs < now) stale++;
		if (stale > 0) this.slots.splice(0, stale);
		// A recipient whose next allowed time has passed constrains nothing: forget it now and
		// then, so that 100,000 recipients do not stay in memory for the whole run.
		if (++this.reservesSincePrune >= 1024) {
			this.reservesSincePrune = 0;
			for (const [recipient, next] of this.nextByRecipient) if (next <= now) this.nextByRecipient.delete(recipient);
		}
	}
}
