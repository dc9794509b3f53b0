/** What `npm pack` would publish: the built nodes, credential and icons, plus the docs a user reads. */
import { execFileSync } from 'child_process';
import { join } from 'path';

const root = join(__dirname, '..', '..');

describe('npm pack', () => {
	it('ships dist, README, LICENSE and package.json only', () => {
		const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		});
		const [pack] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
		const files = pack.files.map((file) => file.path);
		const outsideDist = files.filter((file) => !file.startsWith('dist/'));
		expect(outsideDist.sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
		expect(files).toEqual(
			expect.arrayContaining([
				'dist/nodes/Channel360/Channel360.node.js',
				'dist/nodes/Channel360/Channel360Trigger.node.js',
				'dist/nodes/Channel360/channel360.svg',
				'dist/nodes/Channel360/channel360.dark.svg',
				'dist/credentials/Channel360Api.credentials.js',
				'dist/credentials/channel360.svg',
			]),
		);
		expect(files.filter((file) => /(^|\/)(test|sandbox|bench|examples)(\/|$)/.test(file))).toEqual([]);
		// Only the nodes, the credential and the manifest: no README screenshots or other images.
		expect(files.filter((file) => !/^dist\/(nodes\/|credentials\/|package\.json$)/.test(file) && file.startsWith('dist/'))).toEqual([]);
	});
});
