/** The machine and the versions a benchmark ran on, for the report. */
import { execFile } from 'child_process';
import { readFileSync } from 'fs';
import { cpus, loadavg, release, totalmem } from 'os';
import { dirname, join } from 'path';
import { promisify } from 'util';

import type { N8nInstall } from '../scripts/n8n';
import { repoRoot } from '../scripts/n8n';

const run = promisify(execFile);

export interface MachineInfo {
	cpu: string;
	cores: number;
	memoryGb: number;
	kernel: string;
	loadAverageAtStart: number[];
}

export interface Versions {
	benchNode: string;
	n8nNode: string;
	n8n: string;
	package: string;
	packageCommit: string;
	loadGenerator: string;
}

export function machineInfo(): MachineInfo {
	return {
		cpu: cpus()[0]?.model ?? 'unknown',
		cores: cpus().length,
		memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
		kernel: `Linux ${release()}`,
		loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
	};
}

function versionOf(manifest: string): string {
	return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export async function versions(install: N8nInstall, loadGenerator: string): Promise<Versions> {
	const root = repoRoot();
	const n8nNode = (await run(install.node, ['--version'])).stdout.trim();
	let packageCommit = 'unknown';
	try {
		const head = (await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: root })).stdout.trim();
		const dirty = (await run('git', ['status', '--porcelain', '--', 'nodes', 'credentials'], { cwd: root })).stdout.trim();
		packageCommit = dirty ? `${head} (plus uncommitted changes in nodes/ or credentials/)` : head;
	} catch {
		// not a git checkout
	}
	return {
		benchNode: process.version,
		n8nNode,
		n8n: versionOf(join(dirname(install.n8n), '..', 'package.json')),
		package: versionOf(join(root, 'package.json')),
		packageCommit,
		loadGenerator,
	};
}
