/**
 * An in-process n8n engine for node tests: our node types loaded from the built package with
 * n8n-core's PackageDirectoryLoader, credentials applied by a real ICredentialsHelper, and one
 * workflow execution through n8n-core's WorkflowExecute. No fakes of the node API: the node
 * gets n8n's own ExecuteContext, helpers and error handling.
 *
 *   const { outputs, error } = await runNode({ parameters, items, credentials: sandboxCredentials(sandbox) });
 *
 * The trigger harness (webhookMethods, static data, a real webhook HTTP endpoint) is in
 * ./triggerHarness and re-exported here.
 */
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { WorkflowExecute } from 'n8n-core';
// Not in n8n-core's index; n8n stops it at shutdown, a test process never shuts down.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import type {
	IConnections,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	INodeParameters,
	IRunExecutionData,
	IWorkflowBase,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import { buildAdditionalData } from './additionalData';
import { loadPackage, START_NODE_TYPE } from './packageTypes';

export { startTriggerHarness } from './triggerHarness';
export type { TriggerHarness, TriggerHarnessOptions, WebhookCall } from './triggerHarness';

export const CREDENTIAL_TYPE = 'channel360Api';

export interface HarnessCredentials {
	apiToken: string;
	organizationId: string;
	baseUrl: string;
}

/** The credential a user would enter for the sandbox's default organisation. */
export function sandboxCredentials(sandbox: Sandbox): HarnessCredentials {
	return { apiToken: sandbox.defaultOrg.token, organizationId: sandbox.defaultOrg.orgId, baseUrl: sandbox.url };
}

export interface RunNodeOptions {
	parameters: INodeParameters;
	items?: INodeExecutionData[] | IDataObject[];
	credentials: HarnessCredentials;
	continueOnFail?: boolean;
	/** Default 'channel360'; a short name gets the package prefix. */
	nodeType?: string;
	typeVersion?: number;
	/** The node's id; give the same one to runs that stand for the same node (n8n's 'node' scope stores). */
	nodeId?: string;
}

export interface RunNodeResult {
	/** Every output of our node (the action node may have two), each a list of items. */
	outputs: INodeExecutionData[][];
	/** What the node threw, when the execution failed. */
	error?: Error;
	/** Set when a node put the execution to wait (n8n's putExecutionToWait): until when. */
	waitTill?: Date;
}

function asExecutionItems(items: INodeExecutionData[] | IDataObject[] | undefined): INodeExecutionData[] {
	if (!items || items.length === 0) return [{ json: {} }];
	return (items as Array<INodeExecutionData | IDataObject>).map((item) =>
		typeof item.json === 'object' && item.json !== null ? (item as INodeExecutionData) : { json: item as IDataObject },
	);
}

export const NODE_UNDER_TEST = 'Channel360';

/**
 * Every ExecuteContext asks n8n's container for the SSH tunnel manager, which starts a cleanup
 * interval that n8n clears on shutdown. Let it not keep the test process alive.
 */
function releaseProcessTimers(): void {
	// n8n-core's own copy of the container (it may have a nested @n8n/di).
	const { Container } = require(require.resolve('@n8n/di', { paths: [dirname(require.resolve('n8n-core'))] })) as typeof import('@n8n/di');
	(Container.get(SSHClientsManager) as unknown as { cleanupTimer?: NodeJS.Timeout }).cleanupTimer?.unref();
}

/**
 * n8n's WorkflowExecute keeps a plain-object copy of a node's error in the run data; tests want
 * the error the node threw (its class, description, httpCode). This records it on the way out.
 */
function recordingThrownErrors(nodeTypes: INodeTypes, type: string, record: (error: Error) => void): INodeTypes {
	return {
		getByName: (name) => nodeTypes.getByName(name),
		getKnownTypes: () => nodeTypes.getKnownTypes(),
		getByNameAndVersion(name, version) {
			const real = nodeTypes.getByNameAndVersion(name, version);
			const execute = real.execute;
			if (name !== type || !execute) return real;
			const recording = Object.create(real) as INodeType;
			recording.execute = async function (this: IExecuteFunctions) {
				try {
					return await execute.call(this);
				} catch (error) {
					record(error as Error);
					throw error;
				}
			};
			return recording;
		},
	};
}

/** Runs one execution of "Start → our node" and returns our node's outputs or its error. */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const pkg = await loadPackage();
	const type = pkg.fullTypeName(options.nodeType ?? 'channel360');
	const nodeType = pkg.nodeTypes.getByName(type);
	const typeVersion =
		options.typeVersion ??
		('nodeVersions' in nodeType ? nodeType.currentVersion : Math.max(...[nodeType.description.version].flat()));

	const start: INode = { id: randomUUID(), name: 'Start', type: START_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
	const node: INode = {
		id: options.nodeId ?? randomUUID(),
		name: NODE_UNDER_TEST,
		type,
		typeVersion,
		position: [200, 0],
		parameters: options.parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'harness-credential', name: 'Channel360 (harness)' } },
		continueOnFail: options.continueOnFail ?? false,
		onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
	};
	const connections: IConnections = { Start: { main: [[{ node: NODE_UNDER_TEST, type: 'main', index: 0 }]] } };
	const workflowData: IWorkflowBase = {
		id: 'harness-workflow',
		name: 'Engine harness',
		active: false,
		isArchived: false,
		nodes: [start, node],
		connections,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;
	let thrown: Error | undefined;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections,
		active: false,
		nodeTypes: recordingThrownErrors(pkg.nodeTypes, type, (error) => (thrown = error)),
		settings: workflowData.settings,
		staticData: {},
	});
	const additionalData = buildAdditionalData({
		pkg,
		credentials: { [CREDENTIAL_TYPE]: { ...options.credentials } },
		workflow: workflowData,
		mode: 'manual',
		executionId: randomUUID(),
	});
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: start, data: { main: [asExecutionItems(options.items)] }, source: null }],
		},
	});

	releaseProcessTimers();
	const run = await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	const task = run.data.resultData.runData[NODE_UNDER_TEST]?.[0];
	const error = thrown ?? task?.error ?? run.data.resultData.error;
	const outputs = (task?.data?.main ?? []).map((items) => items ?? []);
	const waiting = run.waitTill ? { waitTill: run.waitTill } : {};
	return error ? { outputs, error, ...waiting } : { outputs, ...waiting };
}
