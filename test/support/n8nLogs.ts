/**
 * What nodes log through n8n's Logger: every node context's `this.logger` is n8n-core's
 * container Logger (n8n-core may have nested copies of @n8n/di and @n8n/backend-common, so they
 * are resolved from n8n-core's folder). Spies on its methods for one test.
 */
import { dirname } from 'node:path';

type Level = 'error' | 'warn' | 'info' | 'debug';

export interface RecordedLogs {
	/** The messages logged at `level` since recording started. */
	at(level: Level): string[];
	restore(): void;
}

export function recordN8nLogs(): RecordedLogs {
	const fromCore = (name: string) => require(require.resolve(name, { paths: [dirname(require.resolve('n8n-core'))] }));
	const { Container } = fromCore('@n8n/di') as typeof import('@n8n/di');
	const { Logger } = fromCore('@n8n/backend-common') as { Logger: new (...args: any[]) => Record<Level, (message: string) => void> };
	const logger = Container.get(Logger);
	const spies = (['error', 'warn', 'info', 'debug'] as const).map((level) => [level, jest.spyOn(logger, level)] as const);
	return {
		at: (level) => spies.find(([spied]) => spied === level)![1].mock.calls.map(([message]) => String(message)),
		restore: () => spies.forEach(([, spy]) => spy.mockRestore()),
	};
}
