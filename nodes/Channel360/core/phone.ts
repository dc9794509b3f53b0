/**
 * Phone numbers as Channel360 keys them: digits only (WhatsApp numbers in international form,
 * without the leading `+`), and as people write them: local numbers like 082 123 4567, read in
 * the credential's default country. Pure.
 */

import { FieldError } from './fieldError';

/** The digits of a number as people write it: `+27 82 123 4567` → `27821234567`. */
export const digitsOf = (phone: string): string => phone.replace(/\D/g, '');

/** What turns a local number into an international one in one country. */
export interface CountryNumbering {
	name: string;
	/** Calling code without `+`. */
	callingCode: string;
	/** Digit(s) a local number starts with, dropped in international form ('' when none). */
	trunkPrefix: string;
	/** Digits after the calling code (the national significant number). */
	nationalLengths: number[];
}

/**
 * The countries the credential offers as "Default Country": Channel360's home market and its
 * neighbours first, then the ones its customers' customers most often come from. ISO 3166 codes.
 */
export const COUNTRY_NUMBERING: Record<string, CountryNumbering> = {
	ZA: { name: 'South Africa', callingCode: '27', trunkPrefix: '0', nationalLengths: [9] },
	BW: { name: 'Botswana', callingCode: '267', trunkPrefix: '', nationalLengths: [7, 8] },
	LS: { name: 'Lesotho', callingCode: '266', trunkPrefix: '', nationalLengths: [8] },
	MZ: { name: 'Mozambique', callingCode: '258', trunkPrefix: '', nationalLengths: [8, 9] },
	NA: { name: 'Namibia', callingCode: '264', trunkPrefix: '0', nationalLengths: [8, 9] },
	SZ: { name: 'Eswatini', callingCode: '268', trunkPrefix: '', nationalLengths: [8] },
	ZM: { name: 'Zambia', callingCode: '260', trunkPrefix: '0', nationalLengths: [9] },
	ZW: { name: 'Zimbabwe', callingCode: '263', trunkPrefix: '0', nationalLengths: [9] },
	KE: { name: 'Kenya', callingCode: '254', trunkPrefix: '0', nationalLengths: [9] },
	NG: { name: 'Nigeria', callingCode: '234', trunkPrefix: '0', nationalLengths: [10] },
	GB: { name: 'United Kingdom', callingCode: '44', trunkPrefix: '0', nationalLengths: [10] },
	US: { name: 'United States / Canada', callingCode: '1', trunkPrefix: '1', nationalLengths: [10] },
};

/** The credential's value for "no default country: international numbers only". */
export const NO_DEFAULT_COUNTRY = 'none';

const EXAMPLE = '+27821234567';

/**
 * A phone number as Channel360 wants it: `+` and 8 to 15 digits (E.164). Accepts spaces, dashes,
 * dots and brackets, `00` before the country code, `+27 (0)82…`, and, with a default country,
 * local numbers (`0821234567` in South Africa). Anything else is a FieldError naming the field
 * and the fix: a number is never guessed into another country's.
 */
export function toInternationalPhone(value: unknown, field = 'Phone Number', defaultCountry = 'ZA'): string {
	const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (raw === '') throw new FieldError(field, `${field} is empty`, `Give the number in international format, e.g. ${EXAMPLE}.`);
	const country = COUNTRY_NUMBERING[defaultCountry.toUpperCase()];
	const refuse: (why: string, fix: string) => never = (why, fix) => {
		throw new FieldError(field, `${field} "${raw}" ${why}`, fix);
	};

	// "+27 (0)82 123 4567": the bracketed trunk zero is written but not dialled.
	const compact = raw.replace(/^(\+\d{1,3})\s*\(0\)/, '$1').replace(/[\s()\-./]/g, '');
	if (!/^\+?\d+$/.test(compact)) {
		refuse('is not a phone number: only digits, spaces, dashes, brackets and a leading + are allowed', `Use the international format, e.g. ${EXAMPLE}.`);
	}

	let international: string;
	if (compact.startsWith('+')) international = compact.slice(1);
	else if (compact.startsWith('00')) international = compact.slice(2);
	else if (country && country.trunkPrefix !== '' && compact.startsWith(country.trunkPrefix)) {
		const national = compact.slice(country.trunkPrefix.length);
		if (!country.nationalLengths.includes(national.length)) {
			refuse(
				`is not a ${country.name} number: a local number there has ${describeLengths(country)} digits after the leading ${country.trunkPrefix}`,
				`Check the number, or write it in international format with its country code, e.g. ${EXAMPLE}.`,
			);
		}
		international = country.callingCode + national;
	} else if (compact.startsWith('0')) {
		refuse(
			country
				? `starts with 0, but ${country.name} numbers have no leading 0`
				: 'looks like a local number, and the credential has no Default Country to read it in',
			country
				? `Write it in international format with its country code, e.g. ${EXAMPLE}.`
				: `Write it in international format (e.g. ${EXAMPLE}), or set Default Country on the Channel360 credential.`,
		);
	} else if (country && country.trunkPrefix === '' && country.nationalLengths.includes(compact.length)) {
		// Countries without a trunk prefix write local numbers as the bare national number.
		international = country.callingCode + compact;
	} else {
		// Digits only: Channel360 and WhatsApp give numbers as international digits without the +.
		international = compact;
	}

	if (international.length < 8 || international.length > 15) {
		refuse(
			`is not a phone number: it has ${international.length} digits, an international number has 8 to 15 (country code included)`,
			`Check the number: international format is + then the country code and number, e.g. ${EXAMPLE}.`,
		);
	}
	const home = country && international.startsWith(country.callingCode) ? country : undefined;
	if (home && !home.nationalLengths.includes(international.length - home.callingCode.length) && compact.startsWith('+')) {
		refuse(
			`is not a ${home.name} number: +${home.callingCode} is followed by ${describeLengths(home)} digits`,
			`Check the number, e.g. ${EXAMPLE}.`,
		);
	}
	return `+${international}`;
}

function describeLengths(country: CountryNumbering): string {
	return country.nationalLengths.join(' or ');
}
