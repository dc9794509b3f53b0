import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { historyMessages, historyPath, type HistoryMessage } from '../core/conversation';
import { channel360Request } from '../transport/channel360Request';

/**
 * A customer's conversation history, or undefined when Channel360 has none for the number: it
 * answers 400 "AppUser not found" for numbers it never sent a template to. Other failures
 * (credentials, outages) are errors.
 */
export async function readHistory(
	this: IExecuteFunctions,
	phone: string,
	itemIndex: number,
): Promise<HistoryMessage[] | undefined> {
	const outcome = await channel360Request
		.call(this, { method: 'GET', path: historyPath(phone), resource: 'conversation history', itemIndex })
		.then(
			(body) => ({ messages: historyMessages(body) }),
			(error: unknown) => ({ error }),
		);
	if ('messages' in outcome) return outcome.messages;
	if (outcome.error instanceof NodeApiError && (outcome.error.httpCode === '400' || outcome.error.httpCode === '404')) {
		return undefined;
	}
	throw outcome.error;
}
