/** Shared helpers for the sandbox tests: an API client and a real webhook receiver. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startSandbox, type OrganisationCredentials, type Sandbox, type SandboxOptions } from '../../sandbox';

export interface ApiResponse {
	status: number;
	body: any;
	headers: Headers;
}

export interface ApiCallOptions {
	token?: string | null;
	orgId?: string;
	query?: Record<string, string>;
	rawBody?: string;
}

export function apiClient(sandbox: Sandbox, credentials: OrganisationCredentials = sandbox.defaultOrg) {
	return async function call(method: string, path: string, body?: unknown, options: ApiCallOptions = {}): Promise<ApiResponse> {
		const orgId = options.orgId ?? credentials.orgId;
		const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
		const headers: Record<string, string> = { accept: 'application/json' };
		const token = options.token === undefined ? credentials.token : options.token;
		if (token !== null) headers.authorization = `Bearer ${token}`;
		let payload: string | undefined;
		if (options.rawBody !== undefined || body !== undefined) {
			headers['content-type'] = 'application/json';
			payload = options.rawBody ?? JSON.stringify(body);
		}
		const response = await fetch(`${sandbox.url}/v1.1/org/${orgId}${path}${query}`, { method, headers, body: payload });
		const text = await response.text();
		return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
	};
}

export async function control(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<ApiResponse> {
	const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	const isJson = (response.headers.get('content-type') ?? '').includes('json');
	return { status: response.status, body: isJson && text ? JSON.parse(text) : text, headers: response.headers };
}

export interface ReceivedRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: any;
}

export interface Receiver {
	url: string;
	received: ReceivedRequest[];
	/** The status the receiver answers with from now on. */
	answer(status: number): void;
	close(): Promise<void>;
}

/** A real HTTP server on a free port that records every webhook POST. */
export async function startReceiver(): Promise<Receiver> {
	const received: ReceivedRequest[] = [];
	let status = 200;
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined });
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		answer: (next) => {
			status = next;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

export const HOUR = 3_600_000;

export function notificationBody(name: string, destination = '+27821234567', bodyParams: string[] = [], code = 'en_US') {
	return {
		destination,
		message: {
			type: 'template',
			template: {
				name,
				language: { policy: 'deterministic', code },
				components: bodyParams.length ? [{ type: 'body', parameters: bodyParams.map((text) => ({ type: 'text', text })) }] : [],
			},
		},
	};
}

export interface SandboxWithReceiver {
	sandbox: Sandbox;
	/** A fresh receiver per test. */
	receiver: Receiver;
	api: ReturnType<typeof apiClient>;
	org: string;
}

/** One sandbox per file, a fresh webhook receiver per test, everything reset after each. */
export function useSandboxWithReceiver(options: SandboxOptions = { deliveryDelayMs: 5 }): SandboxWithReceiver {
	const env = {} as SandboxWithReceiver;
	beforeAll(async () => {
		env.sandbox = await startSandbox(options);
		env.api = apiClient(env.sandbox);
		env.org = env.sandbox.defaultOrg.orgId;
	});
	beforeEach(async () => {
		env.receiver = await startReceiver();
	});
	afterEach(async () => {
		env.sandbox.reset();
		await env.receiver.close();
	});
	afterAll(() => env.sandbox.stop());
	return env;
}
