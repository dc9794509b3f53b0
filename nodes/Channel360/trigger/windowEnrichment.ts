import type { IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { historyFailureOf, toTimedMessages } from '../core/conversation';
import type { NormalisedEvent } from '../core/normalise';
import { customerRecord, type TriggerMemory } from '../core/triggerMemory';
import { computeWindowState, type TimedMessage, type WindowState, type WindowStateSource } from '../core/window';
import { readHistory } from '../transport/conversations';

/** The sources the trigger uses (see WindowStateSource). */
export type TriggerWindowSource = Extract<WindowStateSource, 'history' | 'payload'>;

export interface EnrichedWindow extends WindowState {
	/** Where the state comes from: Channel360's conversation history, or this delivery plus what the trigger remembers. */
	source: TriggerWindowSource;
	/** Why the history could not be read (refused credential, outage): the state is then the payload's. */
	error?: string;
}

/** A history look-up: the messages, or nothing (no history, or `error` says why it failed). */
interface HistoryLookup {
	messages?: TimedMessage[];
	error?: string;
}

const NOT_LOOKED_UP: HistoryLookup = {};

/**
 * Looks up conversation history, once per phone number per delivery, where the delivery and the
 * trigger's memory cannot settle the window. History is the state every
 * n8n process shares; it fails for numbers Channel360 has never sent a template to, and then
 * the delivery and the trigger's memory are what we have.
 */
/**
 * The most a delivery waits for conversation history, retry included. It bounds the trigger's
 * work after answering Channel360, which is how long a drained webhook process must keep running
 * (README, queue mode).
 */
export const HISTORY_BUDGET_MS = 4_000;

export class WindowResolver {
	private readonly historyByPhone = new Map<string, Promise<HistoryLookup>>();

	constructor(
		private readonly context: IWebhookFunctions,
		private readonly memory: TriggerMemory,
		private readonly useHistory: boolean,
	) {}

	async windowFor(event: NormalisedEvent, deliveredMessages: readonly TimedMessage[], now: number): Promise<EnrichedWindow> {
		const remembered = customerRecord(this.memory, event.appUserId);
		const messages: TimedMessage[] = [...deliveredMessages];
		if (remembered.lastCustomerMessageAt !== undefined) {
			messages.push({ author: 'customer', at: remembered.lastCustomerMessageAt });
		}
		if (remembered.lastBusinessMessageAt !== undefined) {
			messages.push({ author: 'business', at: remembered.lastBusinessMessageAt });
		}
		// The trigger keeps no phone numbers: the number comes from the event (customer messages and status events carry it).
		const phone = event.phone;
		// A customer's own message settles the window by itself (open for 24 h from it), so the
		// common case costs no request; business messages and status events need the history.
		const settledByPayload = event.direction === 'inbound' && event.atMs !== null;
		const history = this.useHistory && phone && !settledByPayload ? await this.history(phone) : NOT_LOOKED_UP;
		if (history.messages) messages.push(...history.messages);
		const window: EnrichedWindow = { ...computeWindowState(messages, { now }), source: history.messages ? 'history' : 'payload' };
		if (history.error) window.error = history.error;
		return window;
	}

	private history(phone: string): Promise<HistoryLookup> {
		let pending = this.historyByPhone.get(phone);
		if (!pending) {
			// The delivery is waiting (and a webhook process being stopped must not hold it for long):
			// one quick retry within a short budget, then do without history.
			pending = readHistory(this.context, phone, {
				retry: { maxRetries: 1, baseDelayMs: 200, maxRetryAfterMs: 2_000, budgetMs: HISTORY_BUDGET_MS },
			}).then(
				(history) => {
					if (history) return { messages: toTimedMessages(history.messages) };
					this.context.logger.debug('Channel360 Trigger: no conversation history for a customer');
					return {};
				},
				(error: Error) => this.withoutHistory(error),
			);
			this.historyByPhone.set(phone, pending);
		}
		return pending;
	}

	/**
	 * A failed look-up never stops the delivery (the customer's message must reach the workflow).
	 * "No history for this number" is normal (readHistory answers it with undefined); a refused
	 * credential or an outage is said on the item, so the workflow can tell an unchecked window
	 * from a checked one.
	 */
	private withoutHistory(error: Error): HistoryLookup {
		// A network failure's NodeApiError carries its error code (ECONNREFUSED, UNKNOWN) as httpCode.
		const httpCode = error instanceof NodeApiError && /^\d{3}$/.test(error.httpCode ?? '') ? (error.httpCode as string) : undefined;
		const failure = historyFailureOf(httpCode);
		const status = httpCode ? `HTTP ${httpCode}` : 'no answer';
		const fallback = 'the window is computed from this delivery and what the trigger remembers';
		if (failure === 'refused') {
			const message = `The window could not be checked: Channel360 refused the conversation-history request (${status}: ${error.message}); ${fallback}. Check the API token and organisation of the Channel360 credential.`;
			this.context.logger.warn(`Channel360 Trigger: ${message}`);
			return { error: message };
		}
		const message = `The window could not be checked against Channel360's conversation history (${status}: ${error.message}); ${fallback}.`;
		this.context.logger.info(`Channel360 Trigger: ${message}`);
		return { error: message };
	}
}
