/**
 * The HTTP front door: `/__sandbox/...` goes to the control interface (no auth, not logged as
 * API traffic), everything else through the API pipeline and into the request log.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { SandboxContext } from './context';
import { sendResult, type HttpResult } from './httpIo';

export type RequestHandler = (req: IncomingMessage, url: URL) => Promise<HttpResult>;

export const isControlPath = (path: string): boolean => path === '/__sandbox' || path.startsWith('/__sandbox/');

/**
 * How long an idle keep-alive connection stays open. Longer than any client keeps one (node's
 * agent drops idle sockets after 5 s), as servers behind a load balancer do (nginx 75 s, AWS
 * ALB 60 s) [inferred: Channel360's own is not documented]. With node's default of 5 s, equal to
 * the client's, a busy client can reuse a connection the sandbox has just closed: an ECONNRESET
 * that no API behaviour explains. (Suspected after a 100,000-recipient run stopped on a reset at
 * 5,493 sent; the next run, with this, still met one at 55,422, which the sender's limit on
 * requests under way fixed: core/pacedDispatch.ts.)
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function createSandboxServer(ctx: SandboxContext, handleApi: RequestHandler, handleControl: RequestHandler): Server {
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://sandbox.local');
		if (isControlPath(url.pathname)) {
			void handleControl(req, url).then((result) => sendResult(res, result));
			return;
		}
		void handleApi(req, url).then((result) => {
			if (result.resetConnection) req.socket.destroy();
			else sendResult(res, result);
			// The path only: query strings may carry search terms, and headers carry the token.
			ctx.store.requests.push({ method: req.method ?? 'GET', path: url.pathname, status: result.status, at: ctx.clock.now() });
			ctx.settings.log(`${req.method} ${url.pathname} ${result.status}`);
		});
	});
	server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
	return server;
}

export function listen(server: Server, port: number, host: string): Promise<string> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			const address = server.address() as AddressInfo;
			resolve(`http://${host}:${address.port}`);
		});
	});
}

export function close(server: Server): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}
