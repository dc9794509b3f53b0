/**
 * What a customer's tap on an interactive message looks like: which choices a sent message
 * offered, and the one a tap picks. WhatsApp reply buttons (`interactive.type: "button"`),
 * list rows (`"list"`) and Smooch reply actions (`actions[].type: "reply"`) all come back as a
 * customer text message whose `text` is the choice's title and whose `payload` is its id
 * (docs/channel360-api.md, "button / list reply" [inferred from Smooch v1.1]).
 */
import type { SentMessage } from './types';

export interface OfferedChoice {
	/** The button's reply id, the list row's id, or the reply action's payload. */
	id: string;
	title: string;
	kind: 'button' | 'list row' | 'reply action';
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Every choice a sent message offered, in the order the customer sees them. */
export function choicesOf(sent: SentMessage): OfferedChoice[] {
	const choices: OfferedChoice[] = [];
	const interactive = isObject(sent.interactive) ? sent.interactive : undefined;
	const action = isObject(interactive?.action) ? interactive.action : {};
	for (const button of asArray(action.buttons)) {
		const reply = isObject(button) && isObject(button.reply) ? button.reply : undefined;
		const id = text(reply?.id);
		const title = text(reply?.title);
		if (id && title) choices.push({ id, title, kind: 'button' });
	}
	for (const section of asArray(action.sections)) {
		for (const row of asArray(isObject(section) ? section.rows : undefined)) {
			const id = text(isObject(row) ? row.id : undefined);
			const title = text(isObject(row) ? row.title : undefined);
			if (id && title) choices.push({ id, title, kind: 'list row' });
		}
	}
	for (const candidate of asArray(sent.actions)) {
		if (!isObject(candidate) || candidate.type !== 'reply') continue;
		const title = text(candidate.text);
		const id = text(candidate.payload) ?? title;
		if (id && title) choices.push({ id, title, kind: 'reply action' });
	}
	return choices;
}

/** The choice a tap names by id or by title; the error lists what the message offered. */
export function pickChoice(sent: SentMessage, wanted: { buttonId?: string; title?: string }): OfferedChoice {
	const choices = choicesOf(sent);
	if (choices.length === 0) throw new Error(`message ${sent.id} offers no buttons or list rows to tap`);
	if (wanted.buttonId === undefined && wanted.title === undefined) throw new Error('give buttonId or title of the button or list row to tap');
	const picked = choices.find((choice) =>
		wanted.buttonId !== undefined ? choice.id === wanted.buttonId : choice.title === wanted.title,
	);
	if (!picked) {
		const offered = choices.map((choice) => `${choice.id} ("${choice.title}")`).join(', ');
		throw new Error(`message ${sent.id} has no ${wanted.buttonId !== undefined ? `button id ${wanted.buttonId}` : `button titled "${wanted.title}"`}; it offers ${offered}`);
	}
	return picked;
}
