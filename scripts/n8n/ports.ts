import { createServer } from 'net';

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** `preferred` when nobody listens on it, else a free one (for `npm start`'s fixed ports). */
export async function preferredOrFreePort(preferred: number): Promise<number> {
	const taken = await new Promise<boolean>((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(true));
		server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(false)));
	});
	return taken ? await freePort() : preferred;
}
