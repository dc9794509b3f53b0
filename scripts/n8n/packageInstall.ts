/**
 * Puts the *packed* package into an n8n user folder exactly where n8n's community-package
 * installer leaves it: <userFolder>/.n8n/nodes/node_modules/<name>, listed as a dependency in
 * <userFolder>/.n8n/nodes/package.json. Packing (not copying the repo) proves the published
 * tarball alone is enough: `files`, `dist/`, icons and the `n8n` section.
 */
import { execFile } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';

import { repoRoot } from './repoRoot';

const run = promisify(execFile);

interface PackResult {
	filename: string;
}

/** `npm pack` of the built package into a temporary folder; returns the tarball's path. */
export async function packPackage(destination: string): Promise<string> {
	const root = repoRoot();
	if (!existsSync(join(root, 'dist', 'nodes'))) {
		throw new Error('dist/ is missing: run `npm run build` before the end-to-end tests');
	}
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: root,
		env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
	});
	const [result] = JSON.parse(stdout) as PackResult[];
	return join(destination, result.filename);
}

/** Unpacks `tarball` into the user folder's community nodes; returns the package's name. */
export async function installPackedPackage(tarball: string, userFolder: string): Promise<string> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const unpackDir = mkdtempSync(join(tmpdir(), 'c360-unpack-'));
	try {
		await run('tar', ['-xzf', tarball, '-C', unpackDir]);
		const unpacked = join(unpackDir, 'package');
		const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as { name: string; version: string };
		mkdirSync(join(nodesDir, 'node_modules'), { recursive: true });
		renameSync(unpacked, join(nodesDir, 'node_modules', manifest.name));
		writeFileSync(
			join(nodesDir, 'package.json'),
			`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [manifest.name]: manifest.version } }, null, 2)}\n`,
		);
		return manifest.name;
	} finally {
		rmSync(unpackDir, { recursive: true, force: true });
	}
}
