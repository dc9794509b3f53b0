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

export function createSandboxServer(ctx: SandboxContext, handleApi: RequestHandler, handleControl: RequestHandler): Server {
	return createServer((req, res) => {
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
