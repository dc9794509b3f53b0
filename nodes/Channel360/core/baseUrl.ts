/**
 * The credential's Base URL as both nodes and the credential test read it, so that they never
 * disagree: surrounding spaces and trailing slashes dropped, empty meaning Channel360's own host,
 * anything that is not an http(s) address refused with the fix. Pure.
 */

import { FieldError } from './fieldError';

export const CHANNEL360_BASE_URL = 'https://www.channel360.co.za';

export function normaliseBaseUrl(value: unknown): string {
	const raw = typeof value === 'string' ? value.trim() : '';
	if (raw === '') return CHANNEL360_BASE_URL;
	const fix = `Set Base URL in the Channel360 credential to ${CHANNEL360_BASE_URL} (or your sandbox, e.g. http://127.0.0.1:4360), or leave it empty.`;
	if (/\s/.test(raw)) throw new FieldError('Base URL', `Base URL "${raw}" contains spaces`, fix);
	let url: URL | undefined;
	try {
		url = new URL(raw);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
		throw new FieldError('Base URL', `Base URL "${raw}" is not an http(s) address`, fix);
	}
	if (url.search !== '' || url.hash !== '') {
		throw new FieldError('Base URL', `Base URL "${raw}" has a query or fragment`, fix);
	}
	return raw.replace(/\/+$/, '');
}
