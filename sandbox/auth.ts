/**
 * Channel360's per-organisation bearer auth: only the JWT signature and its `id` are checked
 * (tokens are not looked up, so none is ever revoked). Note the 403 body has no `errors` envelope.
 * The token is the second space-separated word of the Authorization header, whatever the first
 * (`authorization?.split(" ")[1]` [source]): `Token <jwt>` works, `Bearer  <jwt>` (two spaces) does not.
 */
import { ApiError } from './errors';
import { signToken, verifyToken } from './jwt';

export function bearerToken(authorization: string | undefined): string | undefined {
	const second = (authorization ?? '').split(' ')[1];
	return second ? second : undefined;
}

/** Throws the real service's 401 / 403; returns the organisation id the token names. */
export function authenticate(authorization: string | undefined, pathOrgId: string, secret: string): string {
	const token = bearerToken(authorization);
	const payload = token ? verifyToken(token, secret) : undefined;
	if (!payload || typeof payload.id !== 'string') throw ApiError.of(401, 'Not authorized');
	if (payload.id !== pathOrgId) throw new ApiError(403, { message: 'Organization ID does not match token.' });
	return payload.id;
}

/** Deterministic iat (from the ObjectId's time part) so a fixed secret gives a token stable across restarts. */
export function issueToken(orgId: string, name: string, secret: string): string {
	const seconds = /^[0-9a-f]{8}/i.test(orgId) ? parseInt(orgId.slice(0, 8), 16) : 1_700_000_000;
	return signToken({ id: orgId, name, iat: seconds }, secret);
}
