/**
 * Bad input found by pure logic: which parameter is wrong and how to fix it. The n8n glue turns
 * it into a NodeOperationError for the item; nothing has been sent when it is thrown.
 */
export class FieldError extends Error {
	constructor(
		/** The node parameter (or variable) at fault, as the user sees it. */
		readonly field: string,
		message: string,
		/** How to fix it. */
		readonly hint: string = '',
	) {
		super(message);
		this.name = 'FieldError';
	}
}

export function requireText(value: unknown, field: string, maxLength?: number): string {
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (text === '') throw new FieldError(field, `${field} is empty`, `Give the ${field}.`);
	if (maxLength !== undefined && text.length > maxLength) {
		throw new FieldError(field, `${field} is ${text.length} characters long; WhatsApp allows at most ${maxLength}`, `Shorten the ${field}.`);
	}
	return text;
}

export function optionalText(value: unknown, field: string, maxLength: number): string | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
	return requireText(value, field, maxLength);
}

/** A JSON parameter's value: n8n gives a string or, from an expression, the value itself. */
export function parseJsonField(value: unknown, field: string): unknown {
	if (typeof value !== 'string') return value;
	let parsed: unknown;
	let failure: string | undefined;
	try {
		parsed = JSON.parse(value.trim() === '' ? 'null' : value);
	} catch (error) {
		failure = (error as Error).message;
	}
	if (failure !== undefined) throw new FieldError(field, `${field} is not valid JSON: ${failure}`, `Fix the JSON in ${field}.`);
	return parsed;
}
