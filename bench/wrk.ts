/**
 * Runs wrk (Debian's package; bench/setup.sh installs it) against one URL with the delivery
 * script, and reads the BENCH_RESULT line its done() hook prints.
 */
import { execFile } from 'child_process';
import { join } from 'path';
import { promisify } from 'util';

import { repoRoot } from '../scripts/n8n';

const run = promisify(execFile);

export interface LoadSettings {
	connections: number;
	durationSeconds: number;
	/** Different customers the deliveries come from. */
	customers: number;
}

export interface LoadResult {
	requests: number;
	durationUs: number;
	/** Responses that were not 2xx/3xx. */
	statusErrors: number;
	connectErrors: number;
	readErrors: number;
	writeErrors: number;
	timeouts: number;
	p50Us: number;
	p90Us: number;
	p99Us: number;
	meanUs: number;
	maxUs: number;
}

export function requestsPerSecond(result: LoadResult): number {
	return result.requests / (result.durationUs / 1e6);
}

export function wrkCommand(url: string, bodyFile: string, runPrefix: string, settings: LoadSettings): string[] {
	return [
		'-t1',
		`-c${settings.connections}`,
		`-d${settings.durationSeconds}s`,
		'--timeout',
		'10s',
		'-s',
		join(repoRoot(), 'bench', 'deliveries.lua'),
		url,
		'--',
		bodyFile,
		runPrefix,
		String(settings.customers),
	];
}

export async function wrkVersion(): Promise<string> {
	try {
		await run('wrk', ['-v']);
		return 'wrk';
	} catch (error) {
		// wrk -v prints its version and exits 1.
		const output = `${(error as { stdout?: string }).stdout ?? ''}`.split('\n')[0].trim();
		if (output.startsWith('wrk')) return output.replace(/\s+Copyright.*$/, '');
		throw new Error('wrk is not installed: run bench/setup.sh (it installs Debian\'s wrk package)');
	}
}

export async function runWrk(url: string, bodyFile: string, runPrefix: string, settings: LoadSettings): Promise<LoadResult> {
	const { stdout } = await run('wrk', wrkCommand(url, bodyFile, runPrefix, settings), {
		timeout: (settings.durationSeconds + 60) * 1000,
		maxBuffer: 1 << 20,
	});
	const line = stdout.split('\n').find((candidate) => candidate.startsWith('BENCH_RESULT '));
	if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
	return JSON.parse(line.slice('BENCH_RESULT '.length)) as LoadResult;
}
