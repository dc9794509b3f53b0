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

/** What n8n's own installer records about a community package, from its packed manifest. */
export interface InstalledPackageRecord {
	packageName: string;
	installedVersion: string;
	authorName?: string;
	authorEmail?: string;
	/** Node type names (without the package prefix) and display names, e.g. channel360 / Channel360. */
	nodes: Array<{ name: string; displayName: string }>;
}

const RECORD_PACKAGE = `
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv[1]);
db.exec('PRAGMA busy_timeout = 5000');
const record = JSON.parse(process.argv[2]);
db.exec('BEGIN');
db.prepare('DELETE FROM installed_nodes WHERE package = ?').run(record.packageName);
db.prepare('DELETE FROM installed_packages WHERE packageName = ?').run(record.packageName);
db.prepare('INSERT INTO installed_packages (packageName, installedVersion, authorName, authorEmail) VALUES (?, ?, ?, ?)')
	.run(record.packageName, record.installedVersion, record.authorName ?? null, record.authorEmail ?? null);
for (const node of record.nodes) {
	db.prepare('INSERT INTO installed_nodes (name, type, latestVersion, package) VALUES (?, ?, ?, ?)')
		.run(node.displayName, record.packageName + '.' + node.name, 1, record.packageName);
}
db.exec('COMMIT');
`;

/**
 * Records the package in n8n's database the way n8n's community-package installer does
 * (InstalledPackagesRepository.persistPackageWithNodes: one installed_packages row, one
 * installed_nodes row per node), so that Settings → Community nodes lists it. Copying the files
 * alone makes n8n load the nodes but leaves that page empty. Needs the migrated database (any
 * n8n command run once against the user folder) and node 24 for node:sqlite.
 */
export async function recordInstalledPackage(node24: string, userFolder: string, record: InstalledPackageRecord): Promise<void> {
	const database = join(userFolder, '.n8n', 'database.sqlite');
	await run(node24, ['--no-warnings', '-e', RECORD_PACKAGE, database, JSON.stringify(record)]);
}

/** The record of the packed package: its manifest and the nodes its `n8n.nodes` list names (dist/ must be built). */
export function packageRecord(userFolder: string, packageName: string): InstalledPackageRecord {
	const folder = join(userFolder, '.n8n', 'nodes', 'node_modules', packageName);
	const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
		version: string;
		author?: { name?: string; email?: string };
		n8n?: { nodes?: string[] };
	};
	const nodes = (manifest.n8n?.nodes ?? []).map((file) => {
		// The repository's build of the same file: the packed copy cannot resolve n8n-workflow,
		// which n8n provides to it at run time.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(join(repoRoot(), file)) as Record<string, new () => { description: { name: string; displayName: string } }>;
		const { description } = new (Object.values(exported)[0])();
		return { name: description.name, displayName: description.displayName };
	});
	return {
		packageName,
		installedVersion: manifest.version,
		authorName: manifest.author?.name,
		authorEmail: manifest.author?.email,
		nodes,
	};
}
