/**
 * Real-time timers for the sandbox's asynchronous steps (notification progression, window
 * failures), tracked so reset() and stop() can cancel them and leave no open handles behind.
 */
export class Scheduler {
	private readonly timers = new Set<NodeJS.Timeout>();

	after(ms: number, task: () => void | Promise<void>): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			void Promise.resolve()
				.then(task)
				.catch(() => undefined); // a failed step must not crash the server
		}, Math.max(0, ms));
		this.timers.add(timer);
	}

	cancelAll(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
