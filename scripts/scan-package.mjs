#!/usr/bin/env node
// Runs the lint that n8n's verification scanner (@n8n/scan-community-package) applies, locally:
// once over the source (package.json, nodes/, credentials/) and once over what `npm pack` ships.
// The scanner's provenance and download steps need a version published from GitHub Actions, so
// they cannot run before a release; its rules can, and any error here would fail verification.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function packedCopy() {
	const folder = mkdtempSync(join(tmpdir(), 'channel360-scan-'));
	const [{ filename }] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', folder], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		}),
	);
	execFileSync('tar', ['-xzf', join(folder, filename), '-C', folder, '--strip-components=1']);
	return folder;
}

const packed = packedCopy();
try {
	const legs = [
		['source', await analyzePackage(root, SOURCE_FILE_PATTERNS)],
		['packed tarball', await analyzePackage(packed, ['**/*.js', 'package.json'])],
	];
	let failed = false;
	for (const [leg, result] of legs) {
		console.log(`scan (${leg}): ${result.passed ? 'passed' : result.message}`);
		if (!result.passed) {
			failed = true;
			if (result.details) console.log(result.details);
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	rmSync(packed, { recursive: true, force: true });
}
