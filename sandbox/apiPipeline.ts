/**
 * One API request through the stages a real request meets: injected faults (a broken gateway
 * answers first), the optional rate limiter, routing (unknown routes are 404 before any auth),
 * body parsing, auth, then the handler. Errors become Channel360's envelope; anything unexpected
 * is a 400 with its message, as in the real services.
 */
import type { IncomingMessage } from 'node:http';

import { buildApiRouter } from './api/routes';
import { authenticate } from './auth';
import type { SandboxContext } from './context';
import { ApiError } from './errors';
import type { FaultInjector } from './faults';
import { readJsonBody, type HttpResult } from './httpIo';
import type { RateLimiter } from './rateLimit';
import { sleep } from './scheduler';

const ORG_PREFIX = /^\/v1\.1\/org\/([^/]+)(\/.*)?$/;

export function errorResult(error: unknown): HttpResult {
	if (error instanceof ApiError) return { status: error.status, body: error.body };
	return { status: 400, body: { errors: [{ message: (error as Error)?.message ?? String(error) }] } };
}

export function createApiPipeline(ctx: SandboxContext, faults: FaultInjector, rateLimiter: RateLimiter) {
	const router = buildApiRouter();

	return async function handleApiRequest(req: IncomingMessage, url: URL): Promise<HttpResult> {
		const method = req.method ?? 'GET';
		const path = url.pathname;
		try {
			const fault = faults.take(method, path);
			if (fault) {
				if (fault.latencyMs > 0) await sleep(fault.latencyMs);
				if (fault.response) return fault.response;
			}
			const limited = rateLimiter.hit(req.headers.authorization, req.socket.remoteAddress ?? '');
			if (limited) return limited;

			const prefix = ORG_PREFIX.exec(path);
			const match = prefix ? router.match(method, prefix[2] ?? '/') : undefined;
			if (!prefix || !match) throw ApiError.notFound();
			const orgId = decodeURIComponent(prefix[1]);

			const body = await readJsonBody(req);
			authenticate(req.headers.authorization, orgId, ctx.settings.jwtSecret);
			const org = ctx.store.organisation(orgId);
			const result = await match.handler(ctx, { org, params: match.params, query: url.searchParams, body });
			return fault?.resetAfterHandling ? { ...result, resetConnection: true } : result;
		} catch (error) {
			return errorResult(error);
		}
	};
}
