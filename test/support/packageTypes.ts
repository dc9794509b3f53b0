/**
 * Our node and credential types, loaded from the BUILT package (dist/, via package.json's n8n
 * section) with n8n-core's PackageDirectoryLoader, the loader n8n uses for community packages.
 * Exposed through n8n-workflow's INodeTypes, plus one harness node ("Start") that feeds test
 * items into a workflow the way a trigger's output would.
 */
import './n8nEnvironment';

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PackageDirectoryLoader } from 'n8n-core';
import type {
	ICredentialType,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

export const PACKAGE_ROOT = join(__dirname, '..', '..');
export const START_NODE_TYPE = 'harness.start';

/** Passes the items it was started with to the next node, like a trigger's output. */
class HarnessStart implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Start',
		name: START_NODE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Feeds the test items into the workflow',
		defaults: { name: 'Start' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

export interface LoadedPackage {
	packageName: string;
	nodeTypes: INodeTypes;
	credentialTypes: Record<string, ICredentialType>;
	/** `channel360` → `n8n-nodes-channel360.channel360`, as n8n names community node types. */
	fullTypeName(shortOrFull: string): string;
	/** Node files package.json lists that are not built yet (another engineer's work in progress). */
	missingNodeFiles: string[];
}

let loaded: Promise<LoadedPackage> | undefined;

function loadTypes(): LoadedPackage {
	const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
	const { n8n, version } = loader.packageJson;
	// What loader.loadAll() does, file by file and synchronously (so that it can run inside
	// jest.isolateModules), and tolerant of a node another engineer has not built yet: a test
	// that asks for that type gets told (below) instead of every suite failing.
	const missingNodeFiles: string[] = [];
	for (const file of n8n?.nodes ?? []) {
		if (existsSync(join(PACKAGE_ROOT, file))) loader.loadNodeFromFile(file, version);
		else missingNodeFiles.push(file);
	}
	for (const file of n8n?.credentials ?? []) loader.loadCredentialFromFile(file);

	const packageName = loader.packageName;
	const byFullName = new Map<string, INodeType | IVersionedNodeType>();
	for (const [name, entry] of Object.entries(loader.nodeTypes)) byFullName.set(`${packageName}.${name}`, entry.type);
	byFullName.set(START_NODE_TYPE, new HarnessStart());

	const fullTypeName = (name: string) => (name.includes('.') ? name : `${packageName}.${name}`);
	const nodeTypes: INodeTypes = {
		getByName(type) {
			const nodeType = byFullName.get(type);
			if (!nodeType) {
				throw new Error(
					`The harness has no node type "${type}". Loaded: ${[...byFullName.keys()].join(', ')}.` +
						(missingNodeFiles.length ? ` Not built yet: ${missingNodeFiles.join(', ')} (run npm run build).` : ''),
				);
			}
			return nodeType;
		},
		getByNameAndVersion(type, version) {
			return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
		},
		getKnownTypes() {
			return Object.fromEntries([...byFullName.keys()].map((name) => [name, { className: name, sourcePath: '' }]));
		},
	};
	const credentialTypes = Object.fromEntries(
		Object.entries(loader.credentialTypes).map(([name, entry]) => [name, entry.type]),
	);
	return { packageName, nodeTypes, credentialTypes, fullTypeName, missingNodeFiles };
}

/** Loads once per jest worker. Needs `npm run build` first. */
export function loadPackage(): Promise<LoadedPackage> {
	loaded ??= Promise.resolve().then(loadTypes);
	return loaded;
}

/**
 * Loads the package again in a fresh module registry, as a new n8n process would: nothing our
 * node modules keep in memory survives. (n8n-workflow is loaded afresh with them, so errors the
 * reloaded nodes throw are instances of that copy's classes.)
 */
export function reloadPackage(): LoadedPackage {
	let fresh: LoadedPackage | undefined;
	jest.isolateModules(() => {
		fresh = loadTypes();
	});
	return fresh!;
}
