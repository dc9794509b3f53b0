/**
 * The repository root, found from wherever this file runs: scripts/n8n under ts-jest, or
 * build/scripts/n8n once compiled for `npm start`.
 */
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

const PACKAGE_NAME = 'n8n-nodes-channel360';

function isRepoRoot(dir: string): boolean {
	const manifest = join(dir, 'package.json');
	if (!existsSync(manifest) || !existsSync(join(dir, 'nodes', 'Channel360'))) return false;
	try {
		return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME;
	} catch {
		return false;
	}
}

export function repoRoot(from: string = __dirname): string {
	let dir = from;
	while (!isRepoRoot(dir)) {
		const parent = dirname(dir);
		if (parent === dir) throw new Error(`No ${PACKAGE_NAME} repository above ${from}`);
		dir = parent;
	}
	return dir;
}
