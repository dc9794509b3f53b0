/**
 * WhatsApp's rules for the values of template variables, checked before sending: Channel360
 * queues a notification whatever its values, and WhatsApp rejects a bad one later and
 * asynchronously (a failed status on the Trigger), after the batch reported it sent. Pure.
 *
 * The rules (docs/channel360-api.md, "Template variable rules"): a text value may not be empty,
 * may not contain a newline or a tab, nor more than 4 consecutive spaces (Meta's error 132018,
 * "Param text cannot have new-line/tab characters or more than 4 consecutive spaces"); the
 * header text with its variable filled in is at most 60 characters, the body at most 1,024, a URL
 * button's URL at most 2,000, a coupon code at most 15 (Meta's template component limits).
 */
import type { TemplateDefinition, TemplateVariable } from './templateParameters';

export const TEMPLATE_LIMITS = { header: 60, body: 1_024, url: 2_000, couponCode: 15 } as const;

const MORE_THAN_FOUR_SPACES = / {5,}/;

function name(variable: TemplateVariable): string {
	return `"${variable.label}" (${variable.id})`;
}

/** What is wrong with one value on its own, or undefined. */
export function valueProblem(variable: TemplateVariable, value: string): string | undefined {
	if (value.trim() === '') return `${name(variable)} is empty`;
	if (variable.kind !== 'text' && variable.kind !== 'coupon_code') return undefined;
	if (/[\r\n]/.test(value)) return `${name(variable)} contains a line break`;
	if (value.includes('\t')) return `${name(variable)} contains a tab`;
	if (MORE_THAN_FOUR_SPACES.test(value)) return `${name(variable)} has more than 4 spaces in a row`;
	if (variable.kind === 'coupon_code' && value.length > TEMPLATE_LIMITS.couponCode) {
		return `${name(variable)} is ${value.length} characters long; a coupon code may have at most ${TEMPLATE_LIMITS.couponCode}`;
	}
	return undefined;
}

function filledIn(text: string, variables: readonly TemplateVariable[], values: ReadonlyMap<string, string>): string {
	let result = text;
	for (const variable of variables) {
		const value = values.get(variable.id);
		if (value !== undefined) result = result.split(new RegExp(`\\{\\{\\s*${variable.name}\\s*\\}\\}`)).join(value);
	}
	return result;
}

/**
 * Every problem with the values of a template's variables (keyed by variable id), each naming
 * the variable: the per-value rules, then the length of each part once filled in.
 */
export function templateValueProblems(
	template: TemplateDefinition,
	variables: readonly TemplateVariable[],
	values: ReadonlyMap<string, string>,
): string[] {
	const problems: string[] = [];
	for (const variable of variables) {
		const value = values.get(variable.id);
		const problem = value === undefined ? undefined : valueProblem(variable, value);
		if (problem) problems.push(problem);
	}
	const tooLong = (what: string, text: string, limit: number, inPart: readonly TemplateVariable[]) => {
		if (text.length <= limit) return;
		const given = inPart.filter((variable) => values.has(variable.id));
		problems.push(
			`the ${what} would be ${text.length} characters long with ${given.map(name).join(', ')} filled in; WhatsApp allows at most ${limit}`,
		);
	};
	for (const component of template.components ?? []) {
		const type = (component.type ?? '').toUpperCase();
		if (type === 'HEADER' && component.text) {
			const inHeader = variables.filter((variable) => variable.location === 'header' && variable.kind === 'text');
			if (inHeader.length) tooLong('header', filledIn(component.text, inHeader, values), TEMPLATE_LIMITS.header, inHeader);
		} else if (type === 'BODY' && component.text) {
			const inBody = variables.filter((variable) => variable.location === 'body');
			if (inBody.length) tooLong('body', filledIn(component.text, inBody, values), TEMPLATE_LIMITS.body, inBody);
		} else if (type === 'BUTTONS') {
			(component.buttons ?? []).forEach((button, buttonIndex) => {
				const inButton = variables.filter(
					(variable) => variable.buttonIndex === buttonIndex && variable.buttonSubType === 'url',
				);
				if (inButton.length && button.url) {
					tooLong(`URL of button ${buttonIndex + 1}`, filledIn(button.url, inButton, values), TEMPLATE_LIMITS.url, inButton);
				}
			});
		}
	}
	return problems;
}
