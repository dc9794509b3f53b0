/**
 * n8n hands a webhook node express's Request and Response (getRequestObject/getResponseObject,
 * getBodyData = req.body, getQueryData = req.query). express is not installed here, so this
 * adds the few express members nodes use to node's own IncomingMessage / ServerResponse: the
 * bytes still travel over a real socket, and the node's answer is what the caller receives.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface WebhookRequest extends IncomingMessage {
	body: unknown;
	rawBody: Buffer;
	query: Record<string, string | string[]>;
	params: Record<string, string>;
}

export interface WebhookResponse extends ServerResponse {
	status(code: number): WebhookResponse;
	json(body: unknown): WebhookResponse;
	send(body?: unknown): WebhookResponse;
	/** What the node (or the harness, on its behalf) sent, for the test record. */
	sentBody?: unknown;
}

export class UnparsableBodyError extends Error {}

export async function readRequest(req: IncomingMessage): Promise<WebhookRequest> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const rawBody = Buffer.concat(chunks);
	const request = req as WebhookRequest;
	request.rawBody = rawBody;
	const url = new URL(req.url ?? '/', 'http://harness');
	const query: Record<string, string | string[]> = {};
	for (const key of new Set(url.searchParams.keys())) {
		const values = url.searchParams.getAll(key);
		query[key] = values.length === 1 ? values[0] : values;
	}
	request.query = query;
	request.params = {};
	const text = rawBody.toString('utf8');
	const isJson = (req.headers['content-type'] ?? '').includes('json');
	if (isJson && text.trim() !== '') {
		try {
			request.body = JSON.parse(text);
		} catch (error) {
			throw new UnparsableBodyError(`the request body is not valid JSON (${(error as Error).message})`);
		}
	} else {
		request.body = isJson ? {} : text;
	}
	return request;
}

export function asWebhookResponse(res: ServerResponse): WebhookResponse {
	const response = res as WebhookResponse;
	response.status = (code: number) => {
		response.statusCode = code;
		return response;
	};
	response.json = (body: unknown) => {
		if (!response.hasHeader('content-type')) response.setHeader('content-type', 'application/json; charset=utf-8');
		response.sentBody = body;
		response.end(JSON.stringify(body));
		return response;
	};
	response.send = (body?: unknown) => {
		if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) return response.json(body);
		response.sentBody = body;
		response.end(body === undefined ? undefined : Buffer.isBuffer(body) ? body : String(body));
		return response;
	};
	return response;
}
