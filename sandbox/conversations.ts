/**
 * Conversation state per appUser: the Smooch messages of both sides and the 24-hour window they
 * imply. The window arithmetic is the nodes' own (core/window.ts), so both always agree.
 */
import { computeWindowState, type TimedMessage } from '../nodes/Channel360/core/window';
import type { AppUserRecord, SmoochMessage } from './store';

export function appendMessage(user: AppUserRecord, at: number, message: SmoochMessage): void {
	user.messages.push({ at, message });
	if (message.role === 'appUser') user.lastCustomerMessageAt = Math.max(user.lastCustomerMessageAt ?? -Infinity, at);
}

/** Messages in time order, as Smooch returns them in history. */
export function messagesInOrder(user: AppUserRecord): SmoochMessage[] {
	return [...user.messages].sort((a, b) => a.at - b.at).map((stored) => stored.message);
}

export function isWindowOpen(user: AppUserRecord, now: number): boolean {
	const timed: TimedMessage[] = user.messages.map((stored) => ({
		author: stored.message.role === 'appUser' ? 'customer' : 'business',
		at: stored.at,
	}));
	return computeWindowState(timed, { now }).open;
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
