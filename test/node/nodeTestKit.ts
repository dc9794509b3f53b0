/** What the Channel360 node tests share: a sandbox per file, its credential, and item helpers. */
import '../support/n8nEnvironment';

import { randomUUID } from 'node:crypto';
import { LoadOptionsContext } from 'n8n-core';
import type { INode, INodeExecutionData, INodeParameters, INodeType, IWorkflowBase } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { buildAdditionalData } from '../support/additionalData';
import { CREDENTIAL_TYPE, NODE_UNDER_TEST, runNode, sandboxCredentials, type RunNodeResult } from '../support/engine';
import { loadPackage } from '../support/packageTypes';

export const HOUR = 60 * 60 * 1000;

export interface NodeKit {
	sandbox: Sandbox;
	orgId: string;
	run(
		parameters: Record<string, unknown>,
		items?: Array<Record<string, unknown>>,
		continueOnFail?: boolean,
		options?: { nodeId?: string },
	): Promise<RunNodeResult>;
}

/** Starts a sandbox before the file's tests and stops it after; resets it between tests. */
export function useSandbox(options: SandboxOptions = {}): NodeKit {
	const kit = {} as NodeKit;
	beforeAll(async () => {
		kit.sandbox = await startSandbox({ deliveryDelayMs: 1, ...options });
		kit.orgId = kit.sandbox.defaultOrg.orgId;
		kit.run = async (parameters, items, continueOnFail, options) =>
			await runNode({
				parameters: parameters as INodeParameters,
				items: items as never,
				credentials: sandboxCredentials(kit.sandbox),
				continueOnFail,
				nodeId: options?.nodeId,
			});
	});
	afterEach(() => kit.sandbox.reset());
	afterAll(async () => await kit.sandbox.stop());
	return kit;
}

/** The customer at `phone` wrote `hoursAgo` hours ago (sandbox time), which sets their 24-hour window; returns their App User ID. */
export async function customerWroteHoursAgo(kit: NodeKit, phone: string, hoursAgo: number, text: string): Promise<string> {
	const { appUserId } = await kit.sandbox.simulateInboundMessage(kit.orgId, { phone, text, at: kit.sandbox.clock.now() - hoursAgo * HOUR });
	return appUserId;
}

export const jsonOf = (items: INodeExecutionData[] | undefined) => (items ?? []).map((item) => item.json);

/**
 * Every item's pairedItem, output by output: `[[0, 1], [2]]` = the first output holds the items
 * of inputs 0 and 1, in that order, the second the item of input 2. n8n's item linking
 * (`$('Node').item`) follows these, so a wrong index is as bad as none.
 */
export function expectPaired(outputs: INodeExecutionData[][], expected: number[][]): void {
	const pairing = outputs.map((items) =>
		items.map((item) => {
			const paired = item.pairedItem;
			if (typeof paired === 'number') return paired;
			if (paired && !Array.isArray(paired) && paired.input === undefined) return paired.item;
			return paired === undefined ? 'missing' : JSON.stringify(paired);
		}),
	);
	expect(pairing).toEqual(expected);
}

/** A template with a header image, two body variables (positional) and a URL button variable. */
export const ORDER_SHIPPED = {
	name: 'order_shipped',
	language: 'en_US',
	status: 'APPROVED',
	category: 'UTILITY',
	components: [
		{ type: 'HEADER', format: 'IMAGE' },
		{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} has shipped.', example: { body_text: [['Thandi', '4411']] } },
		{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://track.example.co.za/{{1}}' }] },
	],
};

/** A body-only template with one named variable. */
export const WELCOME_BACK = {
	name: 'welcome_back',
	language: 'en',
	status: 'APPROVED',
	category: 'MARKETING',
	components: [{ type: 'BODY', text: 'Welcome back {{first_name}}! Reply to chat with us.' }],
};

export const choiceOf = (template: { name: string; language: string }) => `${template.name}|${template.language}`;

/**
 * A real n8n-core LoadOptionsContext for our node (the one the editor uses to fill pickers and
 * resource mappers), with the given current parameters and the sandbox credential.
 */
export async function loadOptionsContext(sandbox: Sandbox, parameters: Record<string, unknown>, path = 'parameters.template') {
	const pkg = await loadPackage();
	const type = pkg.fullTypeName('channel360');
	const node: INode = {
		id: randomUUID(),
		name: NODE_UNDER_TEST,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INodeParameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'harness-credential', name: 'Channel360 (harness)' } },
	};
	const workflowData = {
		id: 'load-options',
		name: 'Load options',
		active: false,
		isArchived: false,
		nodes: [node],
		connections: {},
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;
	const workflow = new Workflow({ id: workflowData.id, nodes: [node], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
	const additionalData = buildAdditionalData({
		pkg,
		credentials: { [CREDENTIAL_TYPE]: { ...sandboxCredentials(sandbox) } },
		workflow: workflowData,
		mode: 'manual',
		executionId: randomUUID(),
	});
	const nodeType = pkg.nodeTypes.getByName(type) as INodeType;
	return { context: new LoadOptionsContext(workflow, node, additionalData, path), methods: nodeType.methods! };
}

/** A resource mapper value as the editor saves it for "Map Each Column Manually". */
export const mapperValue = (value: Record<string, unknown>) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema: [],
	attemptToConvertTypes: false,
	convertFieldsToString: true,
});

/** The outputs n8n shows for our node with these parameters (its `outputs` expression, evaluated by n8n-workflow). */
export async function outputsFor(parameters: Record<string, unknown>) {
	const pkg = await loadPackage();
	const type = pkg.fullTypeName('channel360');
	const nodeType = pkg.nodeTypes.getByName(type) as INodeType;
	const node: INode = { id: randomUUID(), name: NODE_UNDER_TEST, type, typeVersion: 1, position: [0, 0], parameters: parameters as INodeParameters };
	const workflow = new Workflow({ id: 'outputs', nodes: [node], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
	return NodeHelpers.getNodeOutputs(workflow, workflow.getNode(NODE_UNDER_TEST)!, nodeType.description);
}
