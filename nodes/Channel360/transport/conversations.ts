import { NodeApiError } from 'n8n-workflow';

import { historyAppUserIds, historyFailureOf, historyMessages, historyPath, type HistoryMessage } from '../core/conversation';
import type { RetryPolicy } from '../core/retryPolicy';
import { channel360Request, type Channel360Context } from './channel360Request';

/** Channel360's conversation history endpoint, for both nodes (Reply, Send, Send and Wait, Conversation, the trigger's window). */

export interface ConversationHistory {
	messages: HistoryMessage[];
	/** The App User ids the conversation belongs to (for addressing a message by phone number). */
	appUserIds: string[];
}

/**
 * A customer's conversation history, or undefined when Channel360 has none for the number: it
 * answers 400 "AppUser not found" for numbers it never sent a template to. Other failures
 * (credentials, outages) are thrown as the request layer words them.
 */
export async function readHistory(
	context: Channel360Context,
	phone: string,
	options: { itemIndex?: number; retry?: Partial<RetryPolicy> } = {},
): Promise<ConversationHistory | undefined> {
	const outcome = await channel360Request
		.call(context, {
			method: 'GET',
			path: historyPath(phone),
			resource: 'conversation history',
			itemIndex: options.itemIndex,
			retry: options.retry,
		})
		.then(
			(body) => ({ history: { messages: historyMessages(body), appUserIds: historyAppUserIds(body) } }),
			(error: unknown) => ({ error }),
		);
	if ('history' in outcome) return outcome.history;
	if (outcome.error instanceof NodeApiError && historyFailureOf(outcome.error.httpCode ?? undefined) === 'noHistory') return undefined;
	// Already a NodeApiError worded by the request layer.
	throw outcome.error;
}
