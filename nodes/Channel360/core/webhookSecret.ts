/**
 * Channel360 posts webhook deliveries without any signature or secret header (see
 * docs/channel360-api.md, "Webhooks (event delivery)"). So the trigger registers a target URL
 * that carries a per-workflow random secret in its query string, and every delivery must bring
 * it back. Pure apart from node's crypto.
 */
import { randomBytes, timingSafeEqual } from 'crypto';

export const SECRET_QUERY_PARAMETER = 'c360_token';

export function generateSecret(): string {
	return randomBytes(24).toString('base64url');
}

/** Constant-time comparison; a missing or differently sized value is simply not equal. */
export function secretsMatch(expected: string | undefined, actual: unknown): boolean {
	if (!expected || typeof actual !== 'string' || actual.length === 0) return false;
	const expectedBuffer = Buffer.from(expected, 'utf8');
	const actualBuffer = Buffer.from(actual, 'utf8');
	if (expectedBuffer.length !== actualBuffer.length) {
		// Compare anyway so that the time taken does not depend on where the lengths differ.
		timingSafeEqual(expectedBuffer, expectedBuffer);
		return false;
	}
	return timingSafeEqual(expectedBuffer, actualBuffer);
}

function splitUrl(url: string): { base: string; params: URLSearchParams; hash: string } {
	const hashAt = url.indexOf('#');
	const hash = hashAt >= 0 ? url.slice(hashAt) : '';
	const withoutHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
	const queryAt = withoutHash.indexOf('?');
	if (queryAt < 0) return { base: withoutHash, params: new URLSearchParams(), hash };
	return {
		base: withoutHash.slice(0, queryAt),
		params: new URLSearchParams(withoutHash.slice(queryAt + 1)),
		hash,
	};
}

/** The URL Channel360 should post to: n8n's webhook URL plus our secret. */
export function targetWithSecret(webhookUrl: string, secret: string): string {
	const { base, params, hash } = splitUrl(webhookUrl);
	params.set(SECRET_QUERY_PARAMETER, secret);
	return `${base}?${params.toString()}${hash}`;
}

/** The secret a registered target carries, if any. */
export function secretOfTarget(target: string): string | undefined {
	return splitUrl(target).params.get(SECRET_QUERY_PARAMETER) ?? undefined;
}

/** Whether a registered target posts to this n8n webhook, whatever secret it carries. */
export function targetPointsTo(target: unknown, webhookUrl: string): boolean {
	if (typeof target !== 'string') return false;
	const registered = splitUrl(target);
	const ours = splitUrl(webhookUrl);
	if (registered.base.replace(/\/+$/, '') !== ours.base.replace(/\/+$/, '')) return false;
	registered.params.delete(SECRET_QUERY_PARAMETER);
	ours.params.delete(SECRET_QUERY_PARAMETER);
	registered.params.sort();
	ours.params.sort();
	return registered.params.toString() === ours.params.toString();
}
