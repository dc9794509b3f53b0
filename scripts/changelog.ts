/**
 * Keep a Changelog (https://keepachangelog.com/en/1.1.0/) bookkeeping for `npm run release`:
 * the next semantic version, and the changelog with its Unreleased notes moved under that
 * version. Pure (no files, no git).
 */

export type Bump = 'major' | 'minor' | 'patch';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

/** The version after `current` for a bump, or `requested` itself when it is a higher x.y.z. */
export function nextVersion(current: string, requested: string): string {
	const now = SEMVER.exec(current);
	if (!now) throw new Error(`package.json version "${current}" is not x.y.z`);
	const [major, minor, patch] = now.slice(1).map(Number);
	if (requested === 'major') return `${major + 1}.0.0`;
	if (requested === 'minor') return `${major}.${minor + 1}.0`;
	if (requested === 'patch') return `${major}.${minor}.${patch + 1}`;
	const wanted = SEMVER.exec(requested);
	if (!wanted) throw new Error(`"${requested}" is neither major, minor, patch nor a version x.y.z`);
	const higher = wanted.slice(1).map(Number).reduce((order, part, index) => order || part - [major, minor, patch][index], 0) > 0;
	if (!higher) throw new Error(`${requested} is not higher than the current version ${current}`);
	return requested;
}

const UNRELEASED_HEADING = /^## \[Unreleased\][^\n]*\n/m;
const NEXT_HEADING = /^## \[/m;

/** The notes under "## [Unreleased]" (trimmed), '' when there are none. */
export function unreleasedNotes(changelog: string): string {
	const heading = UNRELEASED_HEADING.exec(changelog);
	if (!heading) throw new Error('CHANGELOG.md has no "## [Unreleased]" section');
	const rest = changelog.slice(heading.index + heading[0].length);
	const end = NEXT_HEADING.exec(rest);
	return (end ? rest.slice(0, end.index) : rest.replace(/^\[[^\]]+\]: .*$/gm, '')).trim();
}

/**
 * Moves the Unreleased notes under `## [version] - date`, leaves an empty Unreleased section,
 * and points the link references at the new tag (`repository` = https://github.com/owner/name).
 */
export function releaseChangelog(changelog: string, version: string, date: string, repository: string): string {
	const notes = unreleasedNotes(changelog);
	if (notes === '') throw new Error('The Unreleased section of CHANGELOG.md is empty: say what changed first');
	const heading = UNRELEASED_HEADING.exec(changelog)!;
	const rest = changelog.slice(heading.index + heading[0].length);
	const end = NEXT_HEADING.exec(rest);
	const after = end ? rest.slice(end.index) : '';
	const previous = /^## \[(\d+\.\d+\.\d+)\]/m.exec(after)?.[1];
	let released = `${changelog.slice(0, heading.index)}## [Unreleased]\n\n## [${version}] - ${date}\n\n${notes}\n\n${after}`;
	released = released.replace(/^\[Unreleased\]: .*$/m, `[Unreleased]: ${repository}/compare/v${version}...HEAD`);
	const versionLink = previous ? `${repository}/compare/v${previous}...v${version}` : `${repository}/releases/tag/v${version}`;
	released = released.replace(/^(\[Unreleased\]: .*)$/m, `$1\n[${version}]: ${versionLink}`);
	return released.replace(/\n{3,}/g, '\n\n').replace(/\n*$/, '\n');
}
