/**
 * The pinned n8n and its node 24, installed once into a cache by scripts/install-n8n.sh (the
 * script is the single place the versions live).
 */
import { spawn } from 'child_process';
import { join } from 'path';

import { repoRoot } from './repoRoot';

export interface N8nInstall {
	/** node 24 binary that runs n8n. */
	node: string;
	/** n8n's bin/n8n script. */
	n8n: string;
}

function valueOf(stdout: string, key: string): string {
	const line = stdout
		.split('\n')
		.reverse()
		.find((candidate) => candidate.startsWith(`${key}=`));
	if (!line) throw new Error(`install-n8n.sh printed no ${key}=… line`);
	return line.slice(key.length + 1).trim();
}

/**
 * Under `npm test` npm exports the project's .npmrc as npm_config_* variables, and this
 * project's `ignore-scripts=true` would make the script's `npm rebuild sqlite3` a silent no-op
 * (n8n then cannot open its database). The script must behave as when run from a shell.
 */
function installEnvironment(): NodeJS.ProcessEnv {
	return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_ignore[-_]scripts$/i.test(name)));
}

/**
 * Runs the install script (a few seconds when the cache is complete, minutes the first time).
 * Its progress goes to `progress` (default: this process's stderr).
 */
export async function installN8n(progress: (chunk: string) => void = (chunk) => process.stderr.write(chunk)): Promise<N8nInstall> {
	const script = join(repoRoot(), 'scripts', 'install-n8n.sh');
	const stdout = await new Promise<string>((resolve, reject) => {
		const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'], env: installEnvironment() });
		let out = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
		child.stderr.setEncoding('utf8').on('data', progress);
		child.once('error', reject);
		child.once('close', (code) =>
			code === 0 ? resolve(out) : reject(new Error(`install-n8n.sh exited with ${code}; see its output above`)),
		);
	});
	return { node: valueOf(stdout, 'NODE24_BIN'), n8n: valueOf(stdout, 'N8N_BIN') };
}
