import type { IExecuteFunctions } from 'n8n-workflow';

import { NO_DEFAULT_COUNTRY, toInternationalPhone } from '../core/phone';

/**
 * A parameter that, left empty, takes the input item's field of the same meaning (what the
 * Channel360 Trigger puts on every item). Empty rather than a `{{ $json.phone }}` default: n8n's
 * editor cannot resolve `$json` before the node has input data, and while any parameter of the
 * node fails to resolve it never reloads the template's variable fields (it resolves all the
 * node's parameters to notice that the template changed).
 */
export function parameterOrItemField(ctx: IExecuteFunctions, itemIndex: number, parameter: string, itemField: string): string {
	const given = ctx.getNodeParameter(parameter, itemIndex, '');
	const value = given === '' || given === undefined || given === null ? ctx.getInputData()[itemIndex]?.json?.[itemField] : given;
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

const defaultCountries = new WeakMap<IExecuteFunctions, Promise<string>>();

/** The credential's Default Country, read once per execution. Credentials saved before it existed mean ZA. */
export async function defaultCountryOf(ctx: IExecuteFunctions): Promise<string> {
	let country = defaultCountries.get(ctx);
	if (!country) {
		country = ctx.getCredentials('channel360Api').then((credentials) => {
			const value = credentials?.defaultCountry;
			return typeof value === 'string' && value !== '' ? value : 'ZA';
		});
		defaultCountries.set(ctx, country);
	}
	const value = await country;
	return value === NO_DEFAULT_COUNTRY ? '' : value;
}

/** A phone number read from its parameter (or the item's `phone`), in international format. */
export async function internationalPhoneOf(ctx: IExecuteFunctions, itemIndex: number, raw?: string): Promise<string> {
	const value = raw ?? parameterOrItemField(ctx, itemIndex, 'phone', 'phone');
	return toInternationalPhone(value, 'Phone Number', await defaultCountryOf(ctx));
}
