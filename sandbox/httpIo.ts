/**
 * Reading requests and writing JSON responses on plain node:http, with body-parser's limits and
 * error behaviour (the real services use express.json()).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { ApiError } from './errors';

/** body-parser's default limit. */
const BODY_LIMIT_BYTES = 100 * 1024;

export interface HttpResult {
	status: number;
	/** undefined = no body (202/204 of the real service). */
	body?: unknown;
	headers?: Record<string, string>;
	/** Drop the connection instead of sending this result (an injected fault). */
	resetConnection?: boolean;
}

export async function readRawBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		const buffer = chunk as Buffer;
		size += buffer.length;
		// body-parser raises its 413 "request entity too large", but the services' error handler
		// answers every error that is not one of its own with 400 and the message [source].
		if (size > BODY_LIMIT_BYTES) throw ApiError.badRequest('request entity too large');
		chunks.push(buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/**
 * express.json() only parses JSON content types; other bodies leave `req.body` as `{}`.
 * Invalid JSON → 400 with the parser's message.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
	const raw = await readRawBody(req);
	const contentType = String(req.headers['content-type'] ?? '');
	if (!/json/i.test(contentType) || raw.trim() === '') return {};
	try {
		return JSON.parse(raw) as unknown;
	} catch (error) {
		throw ApiError.badRequest((error as Error).message);
	}
}

export function sendResult(res: ServerResponse, result: HttpResult): void {
	if (res.headersSent) return;
	const headers: Record<string, string> = { ...result.headers };
	if (result.body === undefined) {
		res.writeHead(result.status, headers);
		res.end();
		return;
	}
	const text = typeof result.body === 'string' && headers['content-type'] ? result.body : JSON.stringify(result.body);
	headers['content-type'] ??= 'application/json; charset=utf-8';
	headers['content-length'] = String(Buffer.byteLength(text));
	res.writeHead(result.status, headers);
	res.end(text);
}
