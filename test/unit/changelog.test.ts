/** `npm run release` bookkeeping: the next semantic version and the changelog it writes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { nextVersion, releaseChangelog, unreleasedNotes } from '../../scripts/changelog';

const REPO = 'https://github.com/owner/n8n-nodes-channel360';

const changelog = `# Changelog

Intro.

## [Unreleased]

### Fixed

- A fix.

## [0.1.0] - 2026-11-29

### Added

- First.

[Unreleased]: ${REPO}/compare/v0.1.0...HEAD
[0.1.0]: ${REPO}/releases/tag/v0.1.0
`;

describe('nextVersion', () => {
	it.each([
		['0.1.0', 'patch', '0.1.1'],
		['0.1.3', 'minor', '0.2.0'],
		['0.9.3', 'major', '1.0.0'],
		['0.1.0', '0.3.0', '0.3.0'],
	])('%s + %s = %s', (current, requested, expected) => {
		expect(nextVersion(current, requested)).toBe(expected);
	});

	it('refuses a version that is not higher, and a word it does not know', () => {
		expect(() => nextVersion('0.2.0', '0.1.9')).toThrow('0.1.9 is not higher than the current version 0.2.0');
		expect(() => nextVersion('0.2.0', 'next')).toThrow('"next" is neither major, minor, patch nor a version x.y.z');
	});
});

describe('releaseChangelog', () => {
	it('moves the Unreleased notes under the new version, leaves Unreleased empty, and links the tags', () => {
		expect(releaseChangelog(changelog, '0.2.0', '2026-12-01', REPO)).toBe(`# Changelog

Intro.

## [Unreleased]

## [0.2.0] - 2026-12-01

### Fixed

- A fix.

## [0.1.0] - 2026-11-29

### Added

- First.

[Unreleased]: ${REPO}/compare/v0.2.0...HEAD
[0.2.0]: ${REPO}/compare/v0.1.0...v0.2.0
[0.1.0]: ${REPO}/releases/tag/v0.1.0
`);
	});

	it('refuses to release with nothing under Unreleased', () => {
		const released = releaseChangelog(changelog, '0.2.0', '2026-12-01', REPO);
		expect(() => releaseChangelog(released, '0.2.1', '2026-12-02', REPO)).toThrow(/Unreleased section of CHANGELOG.md is empty/);
	});

	it("reads this repository's CHANGELOG.md: an Unreleased section and 0.1.0 released", () => {
		const ours = readFileSync(join(__dirname, '..', '..', 'CHANGELOG.md'), 'utf8');
		expect(() => unreleasedNotes(ours)).not.toThrow();
		expect(ours).toMatch(/^## \[0\.1\.0\] - \d{4}-\d\d-\d\d$/m);
	});
});
