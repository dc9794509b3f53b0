/**
 * Send and Wait's question: the answers a person can give (Approval or Choice), the
 * interactive message that offers them, and the answer a tap stands for. Pure.
 */
import { FieldError, requireText } from './fieldError';
import type { ReplyFields } from './replyBody';
import type { AnswerToken } from './waitReference';

export type ResponseType = 'approval' | 'choice';
export type ChoiceStyle = 'buttons' | 'list';

export interface AnswerOption {
	token: AnswerToken;
	/** What the workflow sees as the answer's value, e.g. approve, decline, slot_am. */
	value: string;
	/** What the person sees on the button or row. */
	title: string;
	description?: string;
}

export interface QuestionConfig {
	responseType: ResponseType;
	approveLabel?: string;
	declineLabel?: string;
	/** Approval only: whether a Decline button is offered. */
	offerDecline?: boolean;
	options?: Array<{ title?: string; value?: string; description?: string }>;
	choiceStyle?: ChoiceStyle;
}

const MAX_BUTTONS = 3;
const MAX_ROWS = 10;

export function answerOptions(config: QuestionConfig): AnswerOption[] {
	if (config.responseType === 'approval') {
		const approve: AnswerOption = { token: 'a', value: 'approve', title: requireText(config.approveLabel, 'Approve Button Label', 20) };
		if (config.offerDecline === false) return [approve];
		return [approve, { token: 'd', value: 'decline', title: requireText(config.declineLabel, 'Decline Button Label', 20) }];
	}
	if (config.responseType !== 'choice') {
		throw new FieldError('Response Type', `Unknown response type "${String(config.responseType)}"`, 'Pick Approval or Choice.');
	}
	const options = config.options ?? [];
	const max = config.choiceStyle === 'list' ? MAX_ROWS : MAX_BUTTONS;
	if (options.length === 0 || options.length > max) {
		throw new FieldError(
			'Options',
			`${config.choiceStyle === 'list' ? 'A list' : 'Buttons'} take 1 to ${max} options, got ${options.length}`,
			config.choiceStyle === 'list' ? 'Add or remove options.' : 'Use at most 3 options, or show them as a list (up to 10).',
		);
	}
	return options.map((option, index) => {
		const title = requireText(option.title, `Option ${index + 1} Title`, config.choiceStyle === 'list' ? 24 : 20);
		const value = String(option.value ?? '').trim() || title;
		const description = String(option.description ?? '').trim();
		return { token: String(index) as AnswerToken, value, title, ...(description ? { description } : {}) };
	});
}

/** The interactive message: buttons (Approval, or a Choice of up to 3) or a list; ids are the references. */
export function questionMessage(
	text: string,
	config: QuestionConfig,
	options: AnswerOption[],
	referenceOf: (option: AnswerOption) => string,
	listButtonText?: string,
): ReplyFields {
	if (config.responseType === 'choice' && config.choiceStyle === 'list') {
		return {
			messageType: 'list',
			text,
			listButtonText,
			listRows: options.map((option) => ({ id: referenceOf(option), title: option.title, description: option.description })),
		};
	}
	return { messageType: 'buttons', text, buttons: options.map((option) => ({ id: referenceOf(option), title: option.title })) };
}

/** The answer a tapped token stands for, or undefined when the node's options no longer have it. */
export function answerFor(token: AnswerToken, options: AnswerOption[]): AnswerOption | undefined {
	return options.find((option) => option.token === token);
}

/**
 * The quick-reply button components of a template notification, one per answer in order: the
 * template's quick-reply buttons must be the answers, in the same order (Approve, Decline; or
 * the options).
 */
export function quickReplyComponents(options: AnswerOption[], referenceOf: (option: AnswerOption) => string): Array<Record<string, unknown>> {
	return options.map((option, index) => ({
		type: 'button',
		sub_type: 'quick_reply',
		index: String(index),
		parameters: [{ type: 'payload', payload: referenceOf(option) }],
	}));
}
