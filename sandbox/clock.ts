/**
 * The sandbox's virtual clock. It flows with real time (so timestamps in a demo look alive) but
 * tests can jump it forward to cross the 24-hour window without waiting a day.
 */
import type { SandboxClock } from './types';

export class VirtualClock implements SandboxClock {
	private readonly realStart = Date.now();
	private offsetMs = 0;
	private readonly listeners = new Set<() => void>();

	constructor(private readonly startTime: number = Date.now()) {}

	now(): number {
		return this.startTime + (Date.now() - this.realStart) + this.offsetMs;
	}

	advance(ms: number): void {
		if (!Number.isFinite(ms)) throw new Error(`clock.advance needs a finite number of ms, got ${ms}`);
		this.offsetMs += ms;
		this.changed();
	}

	set(epochMs: number): void {
		if (!Number.isFinite(epochMs)) throw new Error(`clock.set needs epoch ms, got ${epochMs}`);
		this.offsetMs += epochMs - this.now();
		this.changed();
	}

	/** Back to the start time plus the real time elapsed. */
	reset(): void {
		this.offsetMs = 0;
		this.changed();
	}

	/** Called after every jump of the clock (timers on virtual time re-arm themselves). */
	onJump(listener: () => void): void {
		this.listeners.add(listener);
	}

	private changed(): void {
		for (const listener of this.listeners) listener();
	}

	/** Smooch's time format: unix seconds with a fraction. */
	static toUnixSeconds(epochMs: number): number {
		return epochMs / 1000;
	}
}
