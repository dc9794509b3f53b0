/**
 * One n8n process (node 24) on its own ports and user folder, with its output in a log file,
 * plus the n8n CLI commands run against the same user folder.
 */
import { spawn } from 'child_process';
import { closeSync, openSync, readFileSync, statSync } from 'fs';
import { dirname, join } from 'path';

import type { N8nInstall } from './install';
import { stopProcess, track } from './processes';
import type { ChildProcess } from 'child_process';

/** Fixed so that credentials imported in one run decrypt in the next (never a real secret). */
export const E2E_ENCRYPTION_KEY = 'n8n-nodes-channel360-e2e-not-a-secret';

export interface N8nSettings {
	install: N8nInstall;
	userFolder: string;
	port: number;
	/** The task broker's port; every n8n process (server or CLI) needs its own. */
	brokerPort: number;
	/** Base URL n8n puts into webhook URLs; default http://127.0.0.1:<port>/. */
	webhookUrl?: string;
	logFile: string;
	/** Extra environment (e.g. GENERIC_TIMEZONE). */
	env?: Record<string, string>;
}

/** This process's environment minus Channel360 secrets: n8n gets them through the credential only. */
function inheritedEnvironment(): NodeJS.ProcessEnv {
	return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CHANNEL360_')));
}

function n8nEnvironment(settings: N8nSettings, brokerPort: number): NodeJS.ProcessEnv {
	const nodeBin = dirname(settings.install.node);
	return {
		...inheritedEnvironment(),
		// node 24 first, so n8n's task runners start on the same node.
		PATH: `${nodeBin}:${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: settings.userFolder,
		N8N_PORT: String(settings.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_WEBHOOK_URL: settings.webhookUrl ?? `http://127.0.0.1:${settings.port}/`,
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
		N8N_LOG_OUTPUT: 'console',
		NODE_ENV: 'production',
		...settings.env,
	};
}

function spawnN8n(settings: N8nSettings, args: string[], brokerPort: number): ChildProcess {
	const log = openSync(settings.logFile, 'a');
	try {
		const child = spawn(settings.install.node, [settings.install.n8n, ...args], {
			cwd: settings.userFolder,
			env: n8nEnvironment(settings, brokerPort),
			stdio: ['ignore', log, log],
			detached: true,
		});
		track(child);
		return child;
	} finally {
		closeSync(log);
	}
}

/** The last `lines` lines of the log, for a failing test's output. */
export function logTail(logFile: string, lines = 80): string {
	try {
		return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no n8n log)';
	}
}

/**
 * `n8n <args>` against the same user folder (import, publish, execute), on its own broker port.
 * Resolves when it exits 0; rejects with the log tail otherwise.
 */
export async function runN8nCommand(settings: N8nSettings, args: string[], cliBrokerPort: number, timeoutMs = 180_000): Promise<void> {
	const child = spawnN8n(settings, args, cliBrokerPort);
	const timer = setTimeout(() => void stopProcess(child), timeoutMs);
	const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
	clearTimeout(timer);
	if (code !== 0) {
		throw new Error(`n8n ${args[0]} exited with ${code}\n--- n8n log (tail) ---\n${logTail(settings.logFile, 40)}`);
	}
}

/** The n8n commands that run as servers: the main process, and queue mode's webhook processes and workers. */
export type N8nCommand = 'start' | 'webhook' | 'worker';

export class N8nServer {
	readonly url: string;

	private constructor(
		readonly settings: N8nSettings,
		private readonly child: ChildProcess,
	) {
		this.url = `http://127.0.0.1:${settings.port}`;
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	/**
	 * Starts `n8n start` (or, in queue mode, `n8n webhook` / `n8n worker`) and waits until it
	 * answers /healthz/readiness on `settings.port` (database migrated). A worker answers on its
	 * health-check port: give it QUEUE_HEALTH_CHECK_PORT = settings.port.
	 */
	static async start(settings: N8nSettings, timeoutMs = 180_000, command: N8nCommand = 'start'): Promise<N8nServer> {
		const server = new N8nServer(settings, spawnN8n(settings, [command], settings.brokerPort));
		try {
			await server.waitUntilReady(timeoutMs);
		} catch (error) {
			await server.stop();
			throw error;
		}
		return server;
	}

	private async waitUntilReady(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.child.exitCode !== null || this.child.signalCode !== null) {
				throw new Error(`n8n exited during start-up\n--- n8n log (tail) ---\n${this.logTail(40)}`);
			}
			try {
				const response = await fetch(`${this.url}/healthz/readiness`);
				if (response.ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`n8n was not ready within ${timeoutMs / 1000} s\n--- n8n log (tail) ---\n${this.logTail(40)}`);
	}

	logTail(lines = 80): string {
		return logTail(this.settings.logFile, lines);
	}

	/** Bytes written to the log so far: a mark for logSince(). */
	logMark(): number {
		try {
			return statSync(this.settings.logFile).size;
		} catch {
			return 0;
		}
	}

	/** The log written after `mark`. */
	logSince(mark: number): string {
		try {
			return readFileSync(this.settings.logFile).subarray(mark).toString('utf8');
		} catch {
			return '';
		}
	}

	webhookBaseUrl(): string {
		return (this.settings.webhookUrl ?? `${this.url}/`).replace(/\/+$/, '');
	}

	async stop(): Promise<void> {
		await stopProcess(this.child);
	}
}

export function logFileIn(folder: string): string {
	return join(folder, 'n8n.log');
}
