import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { historyAppUserIds, historyFailureOf, historyMessages, historyPath, type HistoryMessage } from '../core/conversation';
import { channel360Request } from '../transport/channel360Request';

export interface ConversationHistory {
	messages: HistoryMessage[];
	/** The App User ids the conversation belongs to (for addressing a reply by phone number). */
	appUserIds: string[];
}

/**
 * A customer's conversation history, or undefined when Channel360 has none for the number: it
 * answers 400 "AppUser not found" for numbers it never sent a template to. Other failures
 * (credentials, outages) are errors.
 */
export async function readHistory(
	this: IExecuteFunctions,
	phone: string,
	itemIndex: number,
): Promise<ConversationHistory | undefined> {
	const outcome = await channel360Request
		.call(this, { method: 'GET', path: historyPath(phone), resource: 'conversation history', itemIndex })
		.then(
			(body) => ({ history: { messages: historyMessages(body), appUserIds: historyAppUserIds(body) } }),
			(error: unknown) => ({ error }),
		);
	if ('history' in outcome) return outcome.history;
	if (outcome.error instanceof NodeApiError && historyFailureOf(outcome.error.httpCode ?? undefined) === 'noHistory') {
		return undefined;
	}
	throw outcome.error;
}
