/**
 * The repository root, found from wherever this file runs: test/e2e/harness under ts-jest, or
 * build/test/e2e/harness once compiled for `npm start`.
 */
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

const PACKAGE_NAME = 'n8n-nodes-channel360';

function isRepoRoot(dir: string): boolean {
	const manifest = join(dir, 'package.json');
	if (!existsSync(manifest) || !existsSync(join(dir, 'test', 'e2e'))) return false;
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
