/** What the Channel360 node tests share: a sandbox per file, its credential, and item helpers. */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { runNode, sandboxCredentials, type RunNodeResult } from '../support/engine';

export const HOUR = 60 * 60 * 1000;

export interface NodeKit {
	sandbox: Sandbox;
	orgId: string;
	run(parameters: INodeParameters, items?: Array<Record<string, unknown>>, continueOnFail?: boolean): Promise<RunNodeResult>;
}

/** Starts a sandbox before the file's tests and stops it after; resets it between tests. */
export function useSandbox(options: SandboxOptions = {}): NodeKit {
	const kit = {} as NodeKit;
	beforeAll(async () => {
		kit.sandbox = await startSandbox({ deliveryDelayMs: 1, ...options });
		kit.orgId = kit.sandbox.defaultOrg.orgId;
		kit.run = async (parameters, items, continueOnFail) =>
			await runNode({ parameters, items: items as never, credentials: sandboxCredentials(kit.sandbox), continueOnFail });
	});
	afterEach(() => kit.sandbox.reset());
	afterAll(async () => await kit.sandbox.stop());
	return kit;
}

export const jsonOf = (items: INodeExecutionData[] | undefined) => (items ?? []).map((item) => item.json);

/** Every item carries pairedItem pointing at an input item that exists. */
export function expectPaired(outputs: INodeExecutionData[][], inputCount: number): void {
	for (const item of outputs.flat()) {
		const paired = item.pairedItem as { item: number } | undefined;
		expect(paired).toBeDefined();
		expect(paired!.item).toBeGreaterThanOrEqual(0);
		expect(paired!.item).toBeLessThan(inputCount);
	}
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
