/**
 * Conversation state per appUser: the Smooch messages of both sides and the 24-hour window they
 * imply. The window rule is written here on its own, not borrowed from the nodes, so a mistake
 * in the nodes' window code shows up as a disagreement with the sandbox.
 */
import type { AppUserRecord, SmoochMessage } from './store';

/** WhatsApp's customer-service window [documented: Conversations page]: 24 hours from the customer's latest message. */
const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export function appendMessage(user: AppUserRecord, at: number, message: SmoochMessage): void {
	user.messages.push({ at, message });
	if (message.role === 'appUser') user.lastCustomerMessageAt = Math.max(user.lastCustomerMessageAt ?? -Infinity, at);
}

/** Messages in time order, as Smooch returns them in history. */
export function messagesInOrder(user: AppUserRecord): SmoochMessage[] {
	return [...user.messages].sort((a, b) => a.at - b.at).map((stored) => stored.message);
}

/** Free-form messages may be sent while less than 24 hours have passed since the customer last wrote. */
export function isWindowOpen(user: AppUserRecord, now: number): boolean {
	const last = user.lastCustomerMessageAt;
	return last !== undefined && now - last < CUSTOMER_SERVICE_WINDOW_MS;
}

/** Fills a template body's {{n}} placeholders with the notification's body parameters. */
export function renderTemplateBody(components: unknown[], parameters: unknown[]): string | undefined {
	const body = components.find(
		(component): component is { type: string; text: string } =>
			typeof component === 'object' &&
			component !== null &&
			String((component as { type?: unknown }).type).toUpperCase() === 'BODY' &&
			typeof (component as { text?: unknown }).text === 'string',
	);
	if (!body) return undefined;
	const bodyParameters = parameters.find(
		(component) => typeof component === 'object' && component !== null && String((component as { type?: unknown }).type).toLowerCase() === 'body',
	) as { parameters?: Array<{ text?: unknown }> } | undefined;
	const values = Array.isArray(bodyParameters?.parameters) ? bodyParameters.parameters : [];
	return body.text.replace(/\{\{(\d+)\}\}/g, (placeholder, index: string) => {
		const value = values[Number(index) - 1]?.text;
		return typeof value === 'string' || typeof value === 'number' ? String(value) : placeholder;
	});
}
