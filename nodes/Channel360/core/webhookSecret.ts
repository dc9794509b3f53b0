/**
 * Channel360 posts webhook deliveries without any signature or secret header (see
 * docs/channel360-api.md, "Webhooks (event delivery)"). So the trigger registers a target URL
 * that carries a token in its query string, and every delivery must bring it back.
 *
 * The token is derived, not stored: `<generation>.<mac>`, where the generation is the time of
 * the registration (base 36, new at every registration, so re-publishing rotates the token)
 * and the mac an HMAC-SHA256 over the workflow, the node, the kind of URL and the generation,
 * keyed with the credential's API token. Any n8n process that can read the credential can
 * verify a delivery, without the workflow's static data: in queue mode the webhook processes
 * learn the static data of a fresh registration only some time after Channel360 has the URL,
 * and a static-data save (whole, last writer wins) could erase a stored secret.
 * Pure apart from node's crypto.
 */
import { createHmac, timingSafeEqual } from 'crypto';

export const SECRET_QUERY_PARAMETER = 'c360_token';

/** Test URLs (the editor's "listen for test event") and production URLs get different tokens. */
export type TokenKind = 'production' | 'test';

/** What a token is bound to: a token of one trigger node is worthless for any other. */
export interface TokenScope {
	kind: TokenKind;
	workflowId: string;
	nodeId: string;
}

/** Generations are epoch milliseconds in base 36: 8 or 9 characters until the year 5188. */
const GENERATION_PATTERN = /^[0-9a-z]{1,11}$/;
const MAC_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The time a generation stands for, or undefined when it is not one. */
export function generationTime(generation: unknown): number | undefined {
	if (typeof generation !== 'string' || !GENERATION_PATTERN.test(generation)) return undefined;
	return parseInt(generation, 36);
}

/** Whether generation `a` is newer than `b` (anything beats an absent or unreadable one). */
export function isNewerGeneration(a: string | undefined, b: string | undefined): boolean {
	const aTime = generationTime(a);
	if (aTime === undefined) return false;
	const bTime = generationTime(b);
	return bTime === undefined || aTime > bTime;
}

/** A generation for a new registration: now, and always after the previous one. */
export function newGeneration(now: number, previous?: string): string {
	const previousTime = generationTime(previous) ?? -1;
	return Math.max(Math.floor(now), previousTime + 1).toString(36);
}

function macOf(key: string, scope: TokenScope, generation: string): string {
	return createHmac('sha256', key)
		.update(['channel360-n8n-webhook/1', scope.kind, scope.workflowId, scope.nodeId, generation].join('\n'))
		.digest('base64url');
}

/** The token for a registration of `generation`; `key` is the credential's API token. */
export function signedToken(key: string, scope: TokenScope, generation: string): string {
	return `${generation}.${macOf(key, scope, generation)}`;
}

/**
 * The generation of a token made with signedToken(key, scope, ...), or undefined for anything
 * else (a forged or altered token, a token of another node or kind, one made with another key).
 */
export function verifiedGeneration(key: string, scope: TokenScope, token: unknown): string | undefined {
	if (!key || typeof token !== 'string') return undefined;
	const dot = token.indexOf('.');
	if (dot < 0) return undefined;
	const generation = token.slice(0, dot);
	const mac = token.slice(dot + 1);
	if (generationTime(generation) === undefined || !MAC_PATTERN.test(mac)) return undefined;
	return secretsMatch(macOf(key, scope, generation), mac) ? generation : undefined;
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

/** The URL Channel360 should post to: n8n's webhook URL plus our token. */
export function targetWithSecret(webhookUrl: string, secret: string): string {
	const { base, params, hash } = splitUrl(webhookUrl);
	params.set(SECRET_QUERY_PARAMETER, secret);
	return `${base}?${params.toString()}${hash}`;
}

/** The token a registered target carries, if any. */
export function secretOfTarget(target: string): string | undefined {
	return splitUrl(target).params.get(SECRET_QUERY_PARAMETER) ?? undefined;
}

/** Whether a registered target posts to this n8n webhook, whatever token it carries. */
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
