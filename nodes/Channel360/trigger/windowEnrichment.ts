import type { IWebhookFunctions } from 'n8n-workflow';

import { historyMessages, historyPath, toTimedMessages } from '../core/conversation';
import type { NormalisedEvent } from '../core/normalise';
import { customerRecord, type TriggerMemory } from '../core/triggerMemory';
import { computeWindowState, type TimedMessage, type WindowState } from '../core/window';
import { channel360Request } from '../transport/channel360Request';

export type WindowSource = 'history' | 'payload';

export interface EnrichedWindow extends WindowState {
	/** Where the state comes from: Channel360's conversation history, or this delivery plus what the trigger remembers. */
	source: WindowSource;
}

/**
 * Looks up conversation history, once per phone number per delivery, where the delivery and the
 * trigger's memory cannot settle the window. History is the state every
 * n8n process shares; it fails for numbers Channel360 has never sent a template to, and then
 * the delivery and the trigger's memory are what we have.
 */
export class WindowResolver {
	private readonly historyByPhone = new Map<string, Promise<TimedMessage[] | undefined>>();

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
		const history = this.useHistory && phone && !settledByPayload ? await this.history(phone) : undefined;
		if (history) messages.push(...history);
		return { ...computeWindowState(messages, { now }), source: history ? 'history' : 'payload' };
	}

	private history(phone: string): Promise<TimedMessage[] | undefined> {
		let pending = this.historyByPhone.get(phone);
		if (!pending) {
			pending = channel360Request
				.call(this.context, {
					method: 'GET',
					path: historyPath(phone),
					resource: 'conversation history',
					// The delivery is waiting: one quick retry, then do without history.
					retry: { maxRetries: 1, baseDelayMs: 200, maxRetryAfterMs: 2_000 },
				})
				.then(
					(body) => toTimedMessages(historyMessages(body)),
					(error: Error) => {
						this.context.logger.debug(`Channel360 Trigger: no conversation history for a customer (${error.message})`);
						return undefined;
					},
				);
			this.historyByPhone.set(phone, pending);
		}
		return pending;
	}
}
