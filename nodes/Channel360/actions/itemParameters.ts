import type { IExecuteFunctions } from 'n8n-workflow';

import { NO_DEFAULT_COUNTRY, toInternationalPhone } from '../core/phone';
import { credentialsOf } from '../transport/channel360Request';

/**
 * A parameter that, left empty, takes the input item's field of the same meaning (what the
 * Channel360 Trigger puts on every item). Empty rather than a `{{ $json.phone }}` default: n8n's
 * editor cannot resolve `$json` before the node has input data, and while any parameter of the
 * node fails to resolve it never reloads the template's variable fields (it resolves all the
 * node's parameters to notice that the template changed).
 */
export function parameterOrItemField(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	itemField: string,
	parameters?: ItemParameters,
): string {
	const given = parameters ? parameters.get(parameter, itemIndex, '') : ctx.getNodeParameter(parameter, itemIndex, '');
	const value = given === '' || given === undefined || given === null ? ctx.getInputData()[itemIndex]?.json?.[itemField] : given;
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

/** The credential's Default Country (read once per execution, with the credential). Credentials saved before it existed mean ZA. */
export async function defaultCountryOf(ctx: IExecuteFunctions): Promise<string> {
	const value = ((await credentialsOf(ctx)) as unknown as { defaultCountry?: unknown }).defaultCountry;
	const country = typeof value === 'string' && value !== '' ? value : 'ZA';
	return country === NO_DEFAULT_COUNTRY ? '' : country;
}

/** A phone number read from its parameter (or the item's `phone`), in international format. */
export async function internationalPhoneOf(ctx: IExecuteFunctions, itemIndex: number, raw?: string, parameters?: ItemParameters): Promise<string> {
	const value = raw ?? parameterOrItemField(ctx, itemIndex, 'phone', 'phone', parameters);
	return toInternationalPhone(value, 'Phone Number', await defaultCountryOf(ctx));
}

/** Whether a raw parameter value holds an n8n expression anywhere (a string starting with '='). */
function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsExpression);
	return false;
}

/**
 * A node's parameters read item by item, each parameter without an expression read only once:
 * its value is the same for every item, and n8n's `getNodeParameter` copies and resolves the
 * whole parameter on every call (at 100,000 items and several parameters a visible share of a
 * notification's cost). A parameter with an expression anywhere in it is read for each item.
 * The values are shared between items: callers must not change them.
 */
export class ItemParameters {
	private readonly constant = new Map<string, unknown>();
	private readonly perItem = new Set<string>();
	/** The node's raw parameters (n8n's getNode() copies the node on every call). */
	private raw?: Record<string, unknown>;

	constructor(private readonly ctx: IExecuteFunctions) {}

	get(name: string, itemIndex: number, fallback?: unknown): unknown {
		if (this.constant.has(name)) return this.constant.get(name);
		const value = this.ctx.getNodeParameter(name, itemIndex, fallback);
		if (!this.perItem.has(name)) {
			this.raw ??= this.ctx.getNode().parameters;
			if (holdsExpression(this.raw[name])) this.perItem.add(name);
			else this.constant.set(name, value);
		}
		return value;
	}
}
