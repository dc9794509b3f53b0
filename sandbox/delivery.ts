/**
 * Real HTTP delivery of webhook events to the targets organisations registered, the way
 * Channel360's webhook service does it: axios.post(target, payload) with axios' default headers
 * only (no auth, no signature) and no retries [source]. Sandbox additions: a 10 s timeout, a
 * record of every attempt, and the modes that let tests meet the real service's bad days:
 * duplicates, reverse order, concurrent posts (the source does not await them, so nothing
 * orders them), dropped events (the source drops status events whose notification it cannot
 * find yet), and the documented retry policy instead of none (5 tries over 15 minutes, 20 s
 * timeout [documented]; the schedule within the 15 minutes is ours).
 *
 * Events are queued and sent in batches after `delayMs` (next tick by default), so they are
 * asynchronous relative to the API call that caused them. Unless `concurrent`, deliveries to one
 * target are sent one after the other (a receiver sees events in batch order); different targets
 * do not wait for each other. Retries wait on the virtual clock, so a test advances it instead
 * of waiting 15 minutes.
 */
import axios from 'axios';

import type { VirtualClock } from './clock';
import { objectId } from './ids';
import type { SandboxStore } from './store';
import type { DeliveryMode, RetryPolicy } from './types';

const DELIVERY_TIMEOUT_MS = 10_000;
/** The documented policy: each attempt times out after 20 s; 5 attempts in all. */
const DOCUMENTED_TIMEOUT_MS = 20_000;
export const DOCUMENTED_ATTEMPTS = 5;
/** Wait before retry n (virtual ms): 1 + 2 + 4 + 8 = 15 minutes, the documented span; the doubling is ours. */
export const RETRY_DELAYS_MS = [60_000, 120_000, 240_000, 480_000];
/** setTimeout's ceiling; a retry further away is re-armed when the timer fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface QueuedEvent {
	trigger: string;
	payload: unknown;
	targets: string[];
	resolve: () => void;
}

interface PendingRetry {
	/** Virtual epoch ms. */
	dueAt: number;
	target: string;
	event: QueuedEvent;
	attempt: number;
}

/** The headers of the request axios actually wrote (so tests see exactly what a receiver gets). */
function sentHeaders(request: unknown, fallback: unknown): Record<string, string> {
	const candidate = request as {
		getHeaders?: () => Record<string, unknown>;
		_currentRequest?: { getHeaders?: () => Record<string, unknown> };
	} | undefined;
	const raw =
		candidate?.getHeaders?.() ??
		candidate?._currentRequest?.getHeaders?.() ??
		(fallback as { toJSON?: () => Record<string, unknown> } | undefined)?.toJSON?.() ??
		{};
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(raw)) {
		if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return headers;
}

const DEFAULT_MODE: Required<DeliveryMode> = { duplicate: false, reverseOrder: false, delayMs: 0, concurrent: false, dropNext: 0 };

/** Target without its query string, for log lines (our trigger puts a secret there). */
const loggableTarget = (target: string): string => target.split('?')[0];

export class WebhookDispatcher {
	private queue: QueuedEvent[] = [];
	private flushTimer: NodeJS.Timeout | undefined;
	private readonly chains = new Map<string, Promise<void>>();
	private readonly inFlight = new Set<AbortController>();
	/** Bumped by reset(): attempts that finish afterwards are not recorded. */
	private generation = 0;
	private mode: Required<DeliveryMode> = { ...DEFAULT_MODE };
	private retryPolicy: RetryPolicy = 'none';
	private pendingRetries: PendingRetry[] = [];
	private retryTimer: NodeJS.Timeout | undefined;

	constructor(
		private readonly store: SandboxStore,
		private readonly clock: VirtualClock,
		private readonly log: (line: string) => void,
	) {
		clock.onJump(() => this.armRetryTimer());
	}

	setMode(mode: DeliveryMode): void {
		const dropNext = mode.dropNext ?? this.mode.dropNext;
		if (!Number.isInteger(dropNext) || dropNext < 0) throw new Error(`dropNext must be a whole number of events, got ${String(mode.dropNext)}`);
		this.mode = {
			duplicate: mode.duplicate ?? this.mode.duplicate,
			reverseOrder: mode.reverseOrder ?? this.mode.reverseOrder,
			delayMs: mode.delayMs ?? this.mode.delayMs,
			concurrent: mode.concurrent ?? this.mode.concurrent,
			dropNext,
		};
	}

	setRetryPolicy(policy: RetryPolicy): void {
		if (policy !== 'none' && policy !== 'documented') throw new Error(`retryPolicy must be "none" or "documented", got ${String(policy)}`);
		this.retryPolicy = policy;
		if (policy === 'none') this.pendingRetries = [];
		this.armRetryTimer();
	}

	getRetryPolicy(): RetryPolicy {
		return this.retryPolicy;
	}

	/** Retries waiting for their time, soonest first (for the control page and tests). */
	retriesPending(): Array<{ dueAt: number; target: string; trigger: string; attempt: number }> {
		return [...this.pendingRetries]
			.sort((a, b) => a.dueAt - b.dueAt)
			.map(({ dueAt, target, event, attempt }) => ({ dueAt, target: loggableTarget(target), trigger: event.trigger, attempt }));
	}

	getMode(): Required<DeliveryMode> {
		return { ...this.mode };
	}

	/**
	 * Queues an event for every webhook of the org subscribed to its trigger (one POST per
	 * webhook document, duplicates included, like the real loop). Resolves when all its
	 * attempts finished.
	 */
	emit(orgId: string, trigger: string, payload: unknown): Promise<void> {
		const targets = this.store.webhooks
			.filter((webhook) => webhook.organization === orgId && webhook.triggers.includes(trigger))
			.map((webhook) => webhook.target);
		if (targets.length === 0) return Promise.resolve();
		return new Promise((resolve) => {
			this.queue.push({ trigger, payload, targets, resolve });
			this.flushTimer ??= setTimeout(() => this.flush(), this.mode.delayMs);
		});
	}

	private flush(): void {
		this.flushTimer = undefined;
		const batch = this.queue.splice(0);
		if (this.mode.reverseOrder) batch.reverse();
		const copies = this.mode.duplicate ? 2 : 1;
		for (const event of batch) {
			if (this.mode.dropNext > 0) {
				this.mode.dropNext -= 1;
				this.recordDropped(event);
				event.resolve();
				continue;
			}
			const perTarget = event.targets.map((target) =>
				this.send(target, async () => {
					for (let copy = 0; copy < copies; copy++) await this.attempt(target, event, 1);
				}),
			);
			void Promise.all(perTarget).then(() => event.resolve());
		}
	}

	/** In order per target, or all at once in concurrent mode (like the source's unawaited posts). */
	private send(target: string, task: () => Promise<void>): Promise<void> {
		return this.mode.concurrent ? task() : this.chain(target, task);
	}

	private recordDropped(event: QueuedEvent): void {
		const at = this.clock.now();
		for (const target of event.targets) {
			this.store.deliveries.push({ id: objectId(at), target, trigger: event.trigger, payload: event.payload, headers: {}, status: 'dropped', at, attempt: 0 });
		}
		this.log(`webhook ${event.trigger} dropped (never sent)`);
	}

	/** One attempt, and under the documented policy a retry scheduled on the virtual clock when it failed. */
	private async attempt(target: string, event: QueuedEvent, attempt: number): Promise<void> {
		const status = await this.post(target, event, attempt);
		if (status === 'aborted') return;
		const failed = status === 'error' || status < 200 || status >= 300;
		if (!failed || this.retryPolicy !== 'documented' || attempt >= DOCUMENTED_ATTEMPTS) return;
		this.pendingRetries.push({ dueAt: this.clock.now() + RETRY_DELAYS_MS[attempt - 1], target, event, attempt: attempt + 1 });
		this.armRetryTimer();
	}

	private armRetryTimer(): void {
		if (this.retryTimer) clearTimeout(this.retryTimer);
		this.retryTimer = undefined;
		if (this.pendingRetries.length === 0) return;
		const soonest = Math.min(...this.pendingRetries.map((retry) => retry.dueAt));
		const wait = Math.min(Math.max(0, soonest - this.clock.now()), MAX_TIMER_MS);
		this.retryTimer = setTimeout(() => this.runDueRetries(), wait);
	}

	private runDueRetries(): void {
		this.retryTimer = undefined;
		const now = this.clock.now();
		const due = this.pendingRetries.filter((retry) => retry.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
		this.pendingRetries = this.pendingRetries.filter((retry) => retry.dueAt > now);
		for (const retry of due) void this.send(retry.target, () => this.attempt(retry.target, retry.event, retry.attempt));
		this.armRetryTimer();
	}

	private chain(target: string, task: () => Promise<void>): Promise<void> {
		const previous = this.chains.get(target) ?? Promise.resolve();
		const next = previous.then(task);
		this.chains.set(target, next);
		void next.then(() => {
			if (this.chains.get(target) === next) this.chains.delete(target);
		});
		return next;
	}

	/** One POST; never throws (non-2xx and network errors are only recorded, as in the real service). */
	private async post(target: string, event: QueuedEvent, attempt: number): Promise<number | 'error' | 'aborted'> {
		const generation = this.generation;
		const controller = new AbortController();
		this.inFlight.add(controller);
		const at = this.clock.now();
		let status: number | 'error';
		let headers: Record<string, string>;
		let error: string | undefined;
		try {
			const response = await axios.post(target, event.payload, {
				timeout: this.retryPolicy === 'documented' ? DOCUMENTED_TIMEOUT_MS : DELIVERY_TIMEOUT_MS,
				signal: controller.signal,
				// Only so that non-2xx answers resolve and can be recorded; no header changes.
				validateStatus: () => true,
			});
			status = response.status;
			headers = sentHeaders(response.request, response.config?.headers);
		} catch (failure) {
			const axiosError = failure as { message?: string; code?: string; request?: unknown; config?: { headers?: unknown } };
			status = 'error';
			error = axiosError.code ? `${axiosError.code}: ${axiosError.message}` : String(axiosError.message ?? failure);
			headers = sentHeaders(axiosError.request, axiosError.config?.headers);
		} finally {
			this.inFlight.delete(controller);
		}
		if (generation !== this.generation) return 'aborted';
		this.store.deliveries.push({
			id: objectId(at),
			target,
			trigger: event.trigger,
			payload: event.payload,
			headers,
			status,
			...(error ? { error } : {}),
			at,
			attempt,
		});
		this.log(`webhook ${event.trigger} -> ${loggableTarget(target)} ${status}${attempt > 1 ? ` (attempt ${attempt})` : ''}${error ? ` (${error})` : ''}`);
		return status;
	}

	/** Drops queued events (their waiters are released) and aborts attempts in flight. */
	reset(): void {
		this.generation += 1;
		if (this.flushTimer) clearTimeout(this.flushTimer);
		this.flushTimer = undefined;
		for (const event of this.queue.splice(0)) event.resolve();
		for (const controller of this.inFlight) controller.abort();
		this.mode = { ...DEFAULT_MODE };
		this.retryPolicy = 'none';
		this.pendingRetries = [];
		this.armRetryTimer();
	}

	/** For stop(): resolves once aborted attempts have unwound. */
	async drain(): Promise<void> {
		this.reset();
		await Promise.allSettled([...this.chains.values()]);
	}
}
