/**
 * Injected failures for the API routes, so nodes' retry and error handling can be tested.
 * Faults are checked before authentication (a broken gateway answers before the service does);
 * the first matching fault wins and counts its `times` down.
 */
import type { HttpResult } from './httpIo';
import type { FaultSpec } from './types';

interface ActiveFault extends FaultSpec {
	remaining: number;
	/** Matching requests let through so far (afterRequests). */
	passed?: number;
}

export interface FaultOutcome {
	latencyMs: number;
	/** undefined = only latency: carry on with the real handling. */
	response?: HttpResult;
	/** Carry on with the real handling, then drop the connection instead of answering. */
	resetAfterHandling?: boolean;
}

function defaultBody(status: number): unknown {
	if (status === 429) return { error: 'Too many requests, please try again later.' };
	if (status === 404) return { errors: [{ message: 'Not Found' }] };
	return { errors: [{ message: `Sandbox injected fault: HTTP ${status}` }] };
}

function pathMatches(pattern: FaultSpec['path'], path: string): boolean {
	if (pattern === undefined) return true;
	if (pattern instanceof RegExp) {
		pattern.lastIndex = 0; // a /g regex would otherwise remember its last position
		return pattern.test(path);
	}
	return path === pattern || path.endsWith(pattern);
}

export class FaultInjector {
	private faults: ActiveFault[] = [];

	add(spec: FaultSpec): void {
		const times = spec.times ?? 1;
		if (!(times > 0)) throw new Error(`fault times must be > 0 (or Infinity), got ${times}`);
		if (!spec.status && !spec.latencyMs && !spec.resetAfterHandling) {
			throw new Error('a fault needs a status, a latencyMs, resetAfterHandling, or a combination');
		}
		this.faults.push({ ...spec, remaining: times });
	}

	clear(): void {
		this.faults = [];
	}

	/** Consumes the first fault matching the request, if any. */
	take(method: string, path: string): FaultOutcome | undefined {
		const index = this.faults.findIndex(
			(fault) => (!fault.method || fault.method.toUpperCase() === method.toUpperCase()) && pathMatches(fault.path, path),
		);
		if (index < 0) return undefined;
		const fault = this.faults[index];
		if ((fault.passed ?? 0) < (fault.afterRequests ?? 0)) {
			fault.passed = (fault.passed ?? 0) + 1;
			return undefined;
		}
		fault.remaining -= 1;
		if (fault.remaining <= 0) this.faults.splice(index, 1);

		const latencyMs = fault.latencyMs ?? 0;
		if (fault.resetAfterHandling) return { latencyMs, resetAfterHandling: true };
		if (!fault.status) return { latencyMs };
		const headers: Record<string, string> = {};
		const retryAfter = fault.retryAfterSeconds ?? (fault.status === 429 ? 1 : undefined);
		if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
		const body = fault.body === undefined ? defaultBody(fault.status) : fault.body;
		return { latencyMs, response: { status: fault.status, body, headers } };
	}
}
