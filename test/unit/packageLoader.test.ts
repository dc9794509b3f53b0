/**
 * Loads the built package the way n8n loads a community package, with n8n-core's
 * PackageDirectoryLoader, and checks what the editor would do with each description.
 * Needs `npm run build` first (the test scripts build before running jest).
 */
import { existsSync } from 'fs';
import { join } from 'path';
import { PackageDirectoryLoader } from 'n8n-core';
import { NodeHelpers, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

const root = join(__dirname, '..', '..');

describe('the built package, as n8n loads it', () => {
	let loader: PackageDirectoryLoader;

	beforeAll(async () => {
		loader = new PackageDirectoryLoader(root);
		await loader.loadAll();
	});

	it('registers both nodes and the credential under the package name', () => {
		expect(loader.packageName).toBe('n8n-nodes-channel360');
		expect(Object.keys(loader.nodeTypes).sort()).toEqual(['channel360', 'channel360Trigger']);
		expect(Object.keys(loader.credentialTypes)).toEqual(['channel360Api']);
		// n8n prefixes these with the package name when it registers them (node types
		// `n8n-nodes-channel360.channel360` and `n8n-nodes-channel360.channel360Trigger`).
		expect(loader.types.nodes.map((node) => node.name).sort()).toEqual(['channel360', 'channel360Trigger']);
	});

	it('finds every icon it points to in dist, light and dark', () => {
		const icons = [
			...loader.types.nodes.map((node) => node.iconUrl),
			...loader.types.credentials.map((credential) => credential.iconUrl),
		];
		for (const icon of icons) {
			expect(icon).toEqual({ light: expect.stringMatching(/\.svg$/), dark: expect.stringMatching(/\.dark\.svg$/) });
			const { light, dark } = icon as { light: string; dark: string };
			for (const url of [light, dark]) {
				expect(existsSync(join(root, url.replace(/^icons\/n8n-nodes-channel360\//, '')))).toBe(true);
			}
		}
	});

	it('attaches the codex (category Communication) to both nodes', () => {
		for (const node of loader.types.nodes) {
			expect(node.codex?.categories).toEqual(['Communication']);
		}
	});

	it('gives every node default parameters the editor can resolve', () => {
		for (const name of ['channel360', 'channel360Trigger']) {
			const nodeType = loader.nodeTypes[name].type as INodeType;
			const description: INodeTypeDescription = nodeType.description;
			const defaults = NodeHelpers.getNodeParameters(description.properties, {}, true, false, null, description);
			expect(defaults).not.toBeNull();
		}
	});

	it('makes the action node usable as an AI tool, and not the trigger', () => {
		const action = loader.nodeTypes.channel360.type as INodeType;
		const trigger = loader.nodeTypes.channel360Trigger.type as INodeType;
		expect(action.description.usableAsTool).toBe(true);
		expect(trigger.description.usableAsTool).toBeUndefined();
		expect(trigger.webhookMethods?.default).toEqual(
			expect.objectContaining({ checkExists: expect.any(Function), create: expect.any(Function), delete: expect.any(Function) }),
		);
	});

	it('ships no test code and nothing outside dist', () => {
		const packageJson = require(join(root, 'package.json'));
		expect(packageJson.files).toEqual(['dist']);
		expect(packageJson.dependencies ?? {}).toEqual({});
		expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});
});
