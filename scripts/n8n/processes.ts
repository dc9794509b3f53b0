/**
 * Every child process the harness starts is registered here and stopped by its own process id
 * (its process group: n8n starts task runners of its own), on stop(), on Ctrl-C, on SIGTERM and,
 * as a last resort, when this process exits or dies (a watchdog per group).
 */
import type { ChildProcess } from 'child_process';

import { watchOver } from './watchdog';

const running = new Set<ChildProcess>();
const cleanups = new Set<() => Promise<void> | void>();
let handlersInstalled = false;

function isRunning(child: ChildProcess): boolean {
	return child.exitCode === null && child.signalCode === null;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		// Negative pid: the child's process group (it was spawned detached, so it leads one).
		process.kill(-child.pid, signal);
	} catch {
		try {
			process.kill(child.pid, signal);
		} catch {
			// already gone
		}
	}
}

function installHandlers(): void {
	if (handlersInstalled) return;
	handlersInstalled = true;
	process.once('exit', () => {
		for (const child of running) signalGroup(child, 'SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			void shutDown().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
		});
	}
}

/** Stops every child, then runs the registered clean-ups (temporary folders, the sandbox). */
async function shutDown(): Promise<void> {
	await stopAll();
	for (const cleanup of [...cleanups].reverse()) {
		try {
			await cleanup();
		} catch {
			// keep cleaning up the rest
		}
	}
}

/** Runs `cleanup` on Ctrl-C or SIGTERM; returns a function that unregisters it. */
export function onShutdown(cleanup: () => Promise<void> | void): () => void {
	installHandlers();
	cleanups.add(cleanup);
	return () => cleanups.delete(cleanup);
}

export function track(child: ChildProcess): void {
	installHandlers();
	if (child.pid !== undefined) watchOver(child.pid);
	running.add(child);
	child.once('exit', () => running.delete(child));
}

function exited(child: ChildProcess): Promise<void> {
	if (!isRunning(child)) return Promise.resolve();
	return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
	if (isRunning(child)) signalGroup(child, 'SIGTERM');
	const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
	timer.unref();
	await exited(child);
	clearTimeout(timer);
	// Task runners may outlive their parent for a moment: clear the group.
	signalGroup(child, 'SIGKILL');
	running.delete(child);
}

export async function stopAll(): Promise<void> {
	await Promise.all([...running].map((child) => stopProcess(child)));
}
