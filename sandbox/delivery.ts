/**
 * Real HTTP delivery of webhook events to the targets organisations registered, the way
 * Channel360's webhook service does it: axios.post(target, payload) with axios' default headers
 * only (no auth, no signature) and no retries. Sandbox additions: a 10 s timeout, a record of
 * every attempt, and the duplicate / reverse-order modes that let tests prove idempotency.
 *
 * Events are queued and sent in batches after `delayMs` (next tick by default), so they are
 * asynchronous relative to the API call that caused them. Deliveries to one target are sent one
 * after the other (a receiver sees events in batch order); different targets do not wait for
 * each other.
 */
import axios from 'axios';

import type { VirtualClock } from './clock';
import { objectId } from './ids';
import type { SandboxStore } from './store';
import type { DeliveryMode } from './types';

const DELIVERY_TIMEOUT_MS = 10_000;

interface QueuedEvent {
	trigger: string;
	payload: unknown;
	targets: string[];
	resolve: () => void;
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

/** Target without its query string, for log lines (our trigger puts a secret there). */
const loggableTarget = (target: string): string => target.split('?')[0];

export class WebhookDispatcher {
	private queue: QueuedEvent[] = [];
	private flushTimer: NodeJS.Timeout | undefined;
	private readonly chains = new Map<string, Promise<void>>();
	private readonly inFlight = new Set<AbortController>();
	/** Bumped by reset(): attempts that finish afterwards are not recorded. */
	private generation = 0;
	private mode: Required<DeliveryMode> = { duplicate: false, reverseOrder: false, delayMs: 0 };

	constructor(
		private readonly store: SandboxStore,
		private readonly clock: VirtualClock,
		private readonly log: (line: string) => void,
	) {}

	setMode(mode: DeliveryMode): void {
		this.mode = {
			duplicate: mode.duplicate ?? this.mode.duplicate,
			reverseOrder: mode.reverseOrder ?? this.mode.reverseOrder,
			delayMs: mode.delayMs ?? this.mode.delayMs,
		};
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
			const perTarget = event.targets.map((target) =>
				this.chain(target, async () => {
					for (let copy = 0; copy < copies; copy++) await this.post(target, event);
				}),
			);
			void Promise.all(perTarget).then(() => event.resolve());
		}
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

	/** One attempt; never throws (non-2xx and network errors are only recorded, as in the real service). */
	private async post(target: string, event: QueuedEvent): Promise<void> {
		const generation = this.generation;
		const controller = new AbortController();
		this.inFlight.add(controller);
		const at = this.clock.now();
		let status: number | 'error';
		let headers: Record<string, string>;
		let error: string | undefined;
		try {
			const response = await axios.post(target, event.payload, {
				timeout: DELIVERY_TIMEOUT_MS,
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
		if (generation !== this.generation) return;
		this.store.deliveries.push({
			id: objectId(at),
			target,
			trigger: event.trigger,
			payload: event.payload,
			headers,
			status,
			...(error ? { error } : {}),
			at,
		});
		this.log(`webhook ${event.trigger} -> ${loggableTarget(target)} ${status}${error ? ` (${error})` : ''}`);
	}

	/** Drops queued events (their waiters are released) and aborts attempts in flight. */
	reset(): void {
		this.generation += 1;
		if (this.flushTimer) clearTimeout(this.flushTimer);
		this.flushTimer = undefined;
		for (const event of this.queue.splice(0)) event.resolve();
		for (const controller of this.inFlight) controller.abort();
		this.mode = { duplicate: false, reverseOrder: false, delayMs: 0 };
	}

	/** For stop(): resolves once aborted attempts have unwound. */
	async drain(): Promise<void> {
		this.reset();
		await Promise.allSettled([...this.chains.values()]);
	}
}
