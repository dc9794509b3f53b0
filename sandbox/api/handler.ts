/** The shape of an API route handler: everything below `/v1.1/org/:orgId`, already authenticated. */
import type { SandboxContext } from '../context';
import type { HttpResult } from '../httpIo';
import type { Router, Params } from '../router';
import type { Organisation } from '../store';

export interface ApiRequest {
	org: Organisation;
	params: Params;
	query: URLSearchParams;
	body: unknown;
}

export type ApiHandler = (ctx: SandboxContext, request: ApiRequest) => HttpResult | Promise<HttpResult>;

export type ApiRouter = Router<ApiHandler>;

/** Request bodies are whatever JSON the client sent; handlers read fields defensively. */
export const bodyFields = (body: unknown): Record<string, unknown> =>
	typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
