/**
 * `npm run release -- <major|minor|patch|x.y.z>`: prepares a release on this machine and never
 * publishes it. Checks the tree is clean and the changelog has Unreleased notes, sets the version
 * in package.json and package-lock.json, moves the notes under the new version, commits and tags
 * vX.Y.Z. Pushing the tag is left to you: GitHub Actions (.github/workflows/publish.yml) then
 * builds, tests and publishes with provenance. (`n8n-node release` would run release-it, push
 * and regenerate CHANGELOG.md from commit messages; this keeps the hand-written changelog.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from './n8n/repoRoot';
import { nextVersion, releaseChangelog } from './changelog';

const root = repoRoot();
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;
const writeJson = (file: string, value: unknown) => writeFileSync(join(root, file), `${JSON.stringify(value, null, 2)}\n`);

function main(requested: string | undefined): void {
	if (!requested) throw new Error('Say which release: npm run release -- <major|minor|patch|x.y.z>');
	if (git('status', '--porcelain') !== '') throw new Error('The working tree has uncommitted changes: commit or stash them first');

	const pkg = readJson('package.json') as { version: string; repository?: { url?: string } };
	const version = nextVersion(pkg.version, requested);
	const repository = (pkg.repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
	const date = new Date().toISOString().slice(0, 10);
	const changelogPath = join(root, 'CHANGELOG.md');
	writeFileSync(changelogPath, releaseChangelog(readFileSync(changelogPath, 'utf8'), version, date, repository));

	writeJson('package.json', { ...pkg, version });
	const lock = readJson('package-lock.json') as { version: string; packages: Record<string, { version?: string }> };
	lock.version = version;
	lock.packages[''].version = version;
	writeJson('package-lock.json', lock);

	git('commit', '--quiet', '-m', `Release ${version}`, '--', 'CHANGELOG.md', 'package.json', 'package-lock.json');
	git('tag', '-a', `v${version}`, '-m', `n8n-nodes-channel360 ${version}`);
	process.stdout.write(
		`Committed and tagged v${version}. Nothing was published from this machine.\n` +
			`Push to publish from GitHub Actions (with provenance): git push origin HEAD v${version}\n`,
	);
}

try {
	main(process.argv[2]);
} catch (error) {
	process.stderr.write(`release: ${(error as Error).message}\n`);
	process.exitCode = 1;
}
