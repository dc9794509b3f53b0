/**
 * The load balancer in front of n8n's webhook processes, as small as it can be while behaving
 * like the real ones operators put there (nginx, HAProxy, a cloud balancer): round-robin over the
 * backends; a connection a backend refuses is retried on the next one (nothing reached n8n, so
 * this is safe for a POST); a backend that refused is taken out of rotation until its
 * /healthz/readiness answers 200 again (a restarting n8n answers 404 before it is ready).
 * Anything else (a backend that accepted the request and then failed) is passed on, never
 * retried: the delivery may have run.
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'http';

import { freePort } from './ports';

interface Backend {
	url: URL;
	ready: boolean;
	/** Requests passed to this backend (answered by it, any status). */
	served: number;
	/** Connections it refused (retried on the next backend). */
	refused: number;
	/** Requests it accepted and then failed without an answer (passed on as 502, not retried). */
	failures: string[];
	/** Requests on their way to it or back. */
	inFlight: number;
	/** Taken out of rotation by the operator (drain()): the readiness probe leaves it out. */
	drained: boolean;
}

const PROBE_INTERVAL_MS = 250;

/**
 * How long a drained webhook process keeps running after its last answer before it may be
 * stopped. n8n stores an answered delivery's execution within a second even on a loaded 2-core
 * machine (the queue-mode suite reports the hand-over times it sees), and the trigger's own
 * work after its answer (a history look-up for business messages and status events) is bounded
 * at 5 s; media downloads, when the trigger makes them, by its Media Timeout (add it).
 */
export const HAND_OVER_GRACE_MS = 5_000;

type Attempt = { response: IncomingMessage } | { refused: true } | { error: Error };

function forward(backend: Backend, incoming: IncomingMessage, body: Buffer): Promise<Attempt> {
	return new Promise((resolve) => {
		const headers: IncomingHttpHeaders = { ...incoming.headers, host: backend.url.host, 'content-length': String(body.length) };
		delete headers.connection;
		// A fresh connection per request (agent: false): a reused keep-alive connection that the
		// backend closes while shutting down would fail like a lost request although nothing reached it.
		const outgoing = request(
			{ host: backend.url.hostname, port: backend.url.port, method: incoming.method, path: incoming.url, headers, agent: false },
			(response) => resolve({ response }),
		);
		outgoing.on('error', (error: NodeJS.ErrnoException) =>
			resolve(error.code === 'ECONNREFUSED' ? { refused: true } : { error }),
		);
		outgoing.end(body);
	});
}

async function isReady(backend: Backend): Promise<boolean> {
	try {
		const response = await fetch(new URL('/healthz/readiness', backend.url), { signal: AbortSignal.timeout(2_000) });
		await response.arrayBuffer();
		return response.ok;
	} catch {
		return false;
	}
}

export class RoundRobinBalancer {
	private backends: Backend[] = [];
	private next = 0;
	private readonly probe: NodeJS.Timeout;

	private constructor(
		private readonly server: Server,
		readonly port: number,
	) {
		this.probe = setInterval(() => void this.probeDownBackends(), PROBE_INTERVAL_MS);
		this.probe.unref();
	}

	static async start(port?: number): Promise<RoundRobinBalancer> {
		const listenPort = port ?? (await freePort());
		let balancer: RoundRobinBalancer | undefined;
		const server = createServer((incoming, outgoing) => void balancer?.handle(incoming, outgoing));
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(listenPort, '127.0.0.1', () => resolve());
		});
		balancer = new RoundRobinBalancer(server, listenPort);
		return balancer;
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** The webhook processes to spread requests over (their base URLs), all in rotation. */
	setBackends(urls: string[]): void {
		this.backends = urls.map((url) => ({ url: new URL(url), ready: true, served: 0, refused: 0, failures: [], inFlight: 0, drained: false }));
	}

	/** Per backend: requests it answered, connections it refused, requests it failed (and why). */
	stats(): Array<{ url: string; served: number; refused: number; failures: string[]; ready: boolean }> {
		return this.backends.map(({ url, served, refused, failures, ready }) => ({ url: url.origin, served, refused, failures: [...failures], ready }));
	}

	private backendAt(url: string): Backend {
		const backend = this.backends.find((candidate) => candidate.url.origin === new URL(url).origin);
		if (!backend) throw new Error(`${url} is not a backend of this balancer`);
		return backend;
	}

	/**
	 * What an operator does before stopping a webhook process: out of rotation, wait until the
	 * requests it holds have been answered, then give n8n `handOverGraceMs` to store the
	 * executions of deliveries already answered. The Channel360 Trigger answers Channel360 before
	 * n8n has stored the execution (n8n saves it, and the trigger's memory, just after the
	 * answer); a SIGTERM in between loses that message, and Channel360 does not send it again.
	 */
	async drain(url: string, { handOverGraceMs = HAND_OVER_GRACE_MS }: { handOverGraceMs?: number } = {}): Promise<void> {
		const backend = this.backendAt(url);
		backend.drained = true;
		backend.ready = false;
		while (backend.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 50));
		await new Promise((resolve) => setTimeout(resolve, handOverGraceMs));
	}

	/** Back into rotation once its readiness check passes (after a restart). */
	restore(url: string): void {
		this.backendAt(url).drained = false;
	}

	private pick(tried: Set<Backend>): Backend | undefined {
		for (let step = 0; step < this.backends.length; step++) {
			const backend = this.backends[(this.next + step) % this.backends.length];
			if (backend.ready && !tried.has(backend)) {
				this.next = (this.backends.indexOf(backend) + 1) % this.backends.length;
				return backend;
			}
		}
		return undefined;
	}

	private async handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of incoming) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		const tried = new Set<Backend>();
		for (let backend = this.pick(tried); backend; backend = this.pick(tried)) {
			tried.add(backend);
			backend.inFlight++;
			const attempt = await forward(backend, incoming, body).finally(() => backend.inFlight--);
			if ('refused' in attempt) {
				backend.refused++;
				backend.ready = false;
				continue;
			}
			if ('error' in attempt) {
				backend.failures.push(attempt.error.message);
				outgoing.writeHead(502, { 'content-type': 'text/plain' }).end(`backend failed: ${attempt.error.message}`);
				return;
			}
			backend.served++;
			outgoing.writeHead(attempt.response.statusCode ?? 502, attempt.response.headers);
			attempt.response.pipe(outgoing);
			return;
		}
		outgoing.writeHead(503, { 'content-type': 'text/plain' }).end('no webhook process is ready');
	}

	private async probeDownBackends(): Promise<void> {
		await Promise.all(
			this.backends
				.filter((backend) => !backend.ready && !backend.drained)
				.map(async (backend) => {
					if (await isReady(backend)) backend.ready = true;
				}),
		);
	}

	async stop(): Promise<void> {
		clearInterval(this.probe);
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
