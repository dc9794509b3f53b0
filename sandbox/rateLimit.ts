/**
 * The limiter Channel360 defines but does not mount (libs/Core rate-limit.ts): N requests per
 * second per bearer token (else per client address), 429 beyond. Off unless asked for.
 */
import { createHash } from 'node:crypto';

import type { HttpResult } from './httpIo';

export class RateLimiter {
	private readonly windows = new Map<string, { second: number; count: number }>();

	constructor(private perSecond: number | null) {}

	set(perSecond: number | null): void {
		if (perSecond !== null && !(perSecond > 0)) throw new Error(`rate limit must be > 0 or null, got ${perSecond}`);
		this.perSecond = perSecond;
		this.windows.clear();
	}

	get limit(): number | null {
		return this.perSecond;
	}

	/** Counts the request; returns the 429 to send when it is over the limit. */
	hit(authorization: string | undefined, clientAddress: string): HttpResult | undefined {
		if (this.perSecond === null) return undefined;
		// Key on a hash so the token itself is never kept around.
		const key = authorization
			? createHash('sha256').update(authorization).digest('hex')
			: `ip:${clientAddress}`;
		const second = Math.floor(Date.now() / 1000);
		const window = this.windows.get(key);
		if (!window || window.second !== second) {
			this.windows.set(key, { second, count: 1 });
			return undefined;
		}
		window.count += 1;
		if (window.count <= this.perSecond) return undefined;
		return {
			status: 429,
			body: { error: 'Too many requests, please try again later.' },
			headers: { 'retry-after': '1' },
		};
	}
}
