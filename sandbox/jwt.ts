/**
 * The organisation tokens: HS256 JWTs `{ id, name, iat }` without `exp`, as Channel360 issues them.
 * Written on node:crypto because only signing and verifying one algorithm is needed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface OrganisationTokenPayload {
	id: string;
	name: string;
	iat: number;
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function signature(unsigned: string, secret: string): string {
	return createHmac('sha256', secret).update(unsigned).digest('base64url');
}

export function signToken(payload: OrganisationTokenPayload, secret: string): string {
	const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
	return `${unsigned}.${signature(unsigned, secret)}`;
}

/** The payload of a correctly signed HS256 token, or undefined for anything else. */
export function verifyToken(token: string, secret: string): Partial<OrganisationTokenPayload> | undefined {
	const parts = token.split('.');
	if (parts.length !== 3) return undefined;
	const [header, payload, given] = parts;
	try {
		const parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
		// Refuse "none" and anything else: only the algorithm Channel360 uses is valid.
		if (parsedHeader.alg !== 'HS256') return undefined;
		const expected = Buffer.from(signature(`${header}.${payload}`, secret));
		const actual = Buffer.from(given);
		if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
		const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
		return typeof parsed === 'object' && parsed !== null ? (parsed as Partial<OrganisationTokenPayload>) : undefined;
	} catch {
		return undefined;
	}
}
