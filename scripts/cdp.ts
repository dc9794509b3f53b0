/**
 * A tiny Chrome DevTools Protocol client over node's built-in WebSocket (node 22+: run it with
 * the node 24 the n8n install brings). Flat sessions: one socket, commands to a page by sessionId.
 */
interface Pending {
	resolve: (value: Record<string, unknown>) => void;
	reject: (error: Error) => void;
}

interface CdpMessage {
	id?: number;
	result?: Record<string, unknown>;
	error?: { message: string };
}

export class CdpConnection {
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();

	private constructor(private readonly socket: WebSocket) {
		socket.addEventListener('message', (event: MessageEvent) => {
			const message = JSON.parse(String(event.data)) as CdpMessage;
			if (message.id === undefined) return;
			const waiting = this.pending.get(message.id);
			if (!waiting) return;
			this.pending.delete(message.id);
			if (message.error) waiting.reject(new Error(message.error.message));
			else waiting.resolve(message.result ?? {});
		});
	}

	static async open(url: string): Promise<CdpConnection> {
		const socket = new WebSocket(url);
		await new Promise<void>((resolve, reject) => {
			socket.addEventListener('open', () => resolve(), { once: true });
			socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)), { once: true });
		});
		return new CdpConnection(socket);
	}

	async send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
		const id = this.nextId++;
		const result = new Promise<Record<string, unknown>>((resolve, reject) => this.pending.set(id, { resolve, reject }));
		this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
		return await result;
	}

	close(): void {
		this.socket.close();
	}
}

/** One browser tab, driven through the connection. */
export class CdpPage {
	private constructor(
		private readonly cdp: CdpConnection,
		private readonly sessionId: string,
	) {}

	static async create(cdp: CdpConnection, width: number, height: number): Promise<CdpPage> {
		const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
		const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
		const page = new CdpPage(cdp, sessionId as string);
		await page.send('Page.enable');
		await page.send('Network.enable');
		await page.resize(width, height);
		return page;
	}

	async resize(width: number, height: number): Promise<void> {
		await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
	}

	async send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
		return await this.cdp.send(method, params, this.sessionId);
	}

	async navigate(url: string): Promise<void> {
		await this.send('Page.navigate', { url });
		await this.waitFor('document.readyState === "complete"');
	}

	async evaluate<T>(expression: string): Promise<T> {
		const { result, exceptionDetails } = (await this.send('Runtime.evaluate', {
			expression,
			awaitPromise: true,
			returnByValue: true,
		})) as { result?: { value?: T }; exceptionDetails?: { text?: string } };
		if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.text ?? 'exception'} (${expression})`);
		return result?.value as T;
	}

	/** Polls a page expression until it is truthy. */
	async waitFor(expression: string, timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			try {
				if (await this.evaluate<boolean>(`Boolean(${expression})`)) return;
			} catch {
				// the page is still loading
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	async screenshot(): Promise<Buffer> {
		const { data } = await this.send('Page.captureScreenshot', { format: 'png' });
		return Buffer.from(data as string, 'base64');
	}
}
