#!/usr/bin/env node
// Runs n8n's own lint (`n8n-node lint`, strict mode: the default eslint.config.mjs, checked
// byte for byte) over what this package publishes: package.json, nodes/ and credentials/.
// `n8n-node lint` lints `.` and takes no paths, and strict mode forbids any ignore list in
// eslint.config.mjs, so it runs in a staging folder holding only those files (node_modules is
// linked, not copied). The tests, the sandbox, the bench and the scripts run on the developer's
// machine with Node's built-ins; the cloud rules (no `node:http`, no `process`) are not theirs.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const published = ['package.json', 'eslint.config.mjs', 'tsconfig.json', 'nodes', 'credentials'];

const staging = mkdtempSync(join(tmpdir(), 'channel360-lint-'));
try {
	for (const entry of published) cpSync(join(root, entry), join(staging, entry), { recursive: true });
	symlinkSync(join(root, 'node_modules'), join(staging, 'node_modules'), 'dir');
	const result = spawnSync(join(root, 'node_modules', '.bin', 'n8n-node'), ['lint'], {
		cwd: staging,
		encoding: 'utf8',
		env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
	});
	// Report the repository's paths, not the staging folder's, so an editor can jump to them.
	const inRepository = (text) => (text ?? '').split(staging).join(root);
	process.stdout.write(inRepository(result.stdout));
	process.stderr.write(inRepository(result.stderr));
	if (result.error) throw result.error;
	process.exitCode = result.status ?? 1;
} finally {
	rmSync(staging, { recursive: true, force: true });
}
