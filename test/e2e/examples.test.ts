/**
 * A real n8n (the pinned version, on node 24) with the packed package installed as a community
 * package runs the two example workflows against the Channel360 sandbox. This is what a user
 * sees: publish, a customer writes, the reply or the fallback template arrives, outreach reaches
 * opted-in contacts only, forged deliveries are refused, unpublish cleans up.
 */
import { DEMO_ORG_ID, seedDemoData, startSandbox, type Delivery, type Sandbox } from '../../sandbox';
import {
	addExampleTemplates,
	FALLBACK_TEMPLATE,
	installN8n,
	readExample,
	startN8nEnvironment,
	storedStaticData,
	type N8nEnvironment,
	type N8nInstall,
	type WorkflowJson,
} from '../../scripts/n8n';
import { customerRecord, decodeMemory } from '../../nodes/Channel360/core/triggerMemory';
import { SECRET_QUERY_PARAMETER } from '../../nodes/Channel360/core/webhookSecret';
import type { StoredMemory } from '../../nodes/Channel360/trigger/processMemory';
import { withLogsOnFailure } from '../support/logsOnFailure';

// The first run installs n8n into the cache (about 4 minutes); later runs take seconds to set up.
const SETUP_TIMEOUT_MS = 15 * 60_000;
jest.setTimeout(120_000);

const HOUR = 3_600_000;
const THANDI = '+27821234567'; // opted in
const PIETER = '+27829876543'; // opted in
const LERATO = '+27825550199'; // opted out

const autoReply: WorkflowJson = readExample('customer-auto-reply.json');
const outreach: WorkflowJson = readExample('scheduled-outreach.json');
const triggerNode = autoReply.nodes.find((node) => node.type === 'n8n-nodes-channel360.channel360Trigger');

let sandbox: Sandbox;
let install: N8nInstall;
let env: N8nEnvironment;

/** On failure, n8n's own log says why far better than the assertion does. */
const withN8nLog = (run: () => Promise<void>) => withLogsOnFailure(() => env && `--- n8n log (tail) ---\n${env.n8n.logTail(80)}`, run);

/** A customer-message delivery as Channel360 sends it, for a message nobody has seen yet. */
function newCustomerMessageLike(deliveries: Delivery[]): unknown {
	const genuine = deliveries.find((delivery) => delivery.trigger === 'message:appUser' && delivery.status === 200);
	if (!genuine) throw new Error('no customer message was delivered yet');
	const copy = structuredClone(genuine.payload) as { messages?: Array<{ _id?: string; text?: string }> };
	for (const message of copy.messages ?? []) {
		message._id = `${message._id ?? 'message'}-resent`;
		message.text = 'Can you resend my invoice?';
	}
	return copy;
}

function ourWebhookTarget(): URL {
	const [webhook] = sandbox.webhooks();
	return new URL(webhook.target);
}

beforeAll(async () => {
	sandbox = await startSandbox({ defaultOrgId: DEMO_ORG_ID });
	seedDemoData(sandbox, sandbox.defaultOrg.orgId);
	addExampleTemplates(sandbox, sandbox.defaultOrg.orgId);
	install = await installN8n();
	env = await startN8nEnvironment({
		install,
		connection: { baseUrl: sandbox.url, organizationId: sandbox.defaultOrg.orgId, apiToken: sandbox.defaultOrg.token },
		workflows: [autoReply, outreach],
		log: (line) => process.stderr.write(`[e2e] ${line}\n`),
	});
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await env?.stop();
	await sandbox?.stop();
});

describe('the customer auto-reply example in a real n8n', () => {
	it('registers its webhook with Channel360 when it is published', async () => {
		await withN8nLog(async () => {
			expect(sandbox.webhooks()).toEqual([]);
			await env.api.activate(autoReply.id);
			await env.api.waitUntilPublished(autoReply.id);

			const webhooks = sandbox.webhooks();
			expect(webhooks).toHaveLength(1);
			expect(webhooks[0].triggers).toContain('message:appUser');
			const target = new URL(webhooks[0].target);
			expect(`${target.origin}${target.pathname}`).toBe(`${env.n8n.webhookBaseUrl()}/webhook/${triggerNode?.webhookId}/webhook`);
			expect(target.searchParams.get(SECRET_QUERY_PARAMETER)).toEqual(expect.any(String));
		});
	});

	it('answers a customer message with a free-form reply that arrives inside the window', async () => {
		await withN8nLog(async () => {
			const { appUserId, messageId } = await sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, {
				phone: THANDI,
				name: 'Thandi',
				text: 'Hi, is my order ready?',
			});
			await sandbox.waitFor(() => sandbox.sentMessages().length === 1, 30_000);

			const [reply] = sandbox.sentMessages();
			expect(reply).toMatchObject({ phone: THANDI, type: 'text', windowOpen: true, delivered: true });
			expect(reply.text).toContain('Hi Thandi, thanks for your message');
			expect(sandbox.notifications()).toEqual([]);
			const [execution] = await env.api.waitForExecutions(autoReply.id, 1);
			expect(execution.status).toBe('success');

			// n8n saved what the trigger remembers of the message (duplicate filter, window): it outlives a restart.
			const staticData = JSON.parse(await storedStaticData(install.node, env.userFolder, autoReply.id)) as Record<string, StoredMemory>;
			const memory = decodeMemory(staticData[`node:${triggerNode?.name}`]?.memory);
			expect([...memory.recent.keys()].some((key) => key.includes(messageId))).toBe(true);
			expect(customerRecord(memory, appUserId)).toMatchObject({ lastCustomerMessageAt: expect.any(Number) });
			// Personal data kept to the minimum: the App User ID is the key, no phone number is stored.
			expect(JSON.stringify(staticData)).not.toContain(THANDI.replace('+', ''));
		});
	});

	it('sends the fallback template instead when the customer last wrote more than 24 hours ago', async () => {
		await withN8nLog(async () => {
			// The sandbox clock stands 25 h after Pieter's message: the window has closed.
			await sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, {
				phone: PIETER,
				name: 'Pieter',
				text: 'Hello? Anyone there?',
				at: sandbox.clock.now() - 25 * HOUR,
			});
			await sandbox.waitFor(() => sandbox.notifications().length === 1, 30_000);

			const [fallback] = sandbox.notifications();
			expect(fallback).toMatchObject({ destination: PIETER, templateName: FALLBACK_TEMPLATE.name, language: FALLBACK_TEMPLATE.language });
			expect(JSON.stringify(fallback.components)).toContain('Pieter');
			// No free-form message was attempted outside the window.
			expect(sandbox.sentMessages().filter((message) => message.phone === PIETER)).toEqual([]);
			const executions = await env.api.waitForExecutions(autoReply.id, 2);
			expect(executions.map((execution) => execution.status)).toEqual(['success', 'success']);
		});
	});

	it('answers a customer who hides their number (WhatsApp username) by App User ID, inside the window', async () => {
		await withN8nLog(async () => {
			const repliesBefore = sandbox.sentMessages().length;
			const { appUserId } = await sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, {
				businessScopedUserId: 'ZA.13491208655302741918',
				username: 'naledi.k',
				name: 'Naledi',
				text: 'Do you deliver to Soweto?',
			});
			await sandbox.waitFor(() => sandbox.sentMessages().length === repliesBefore + 1, 30_000);

			const reply = sandbox.sentMessages()[repliesBefore];
			expect(reply).toMatchObject({ appUserId, type: 'text', windowOpen: true, delivered: true });
			expect(reply.phone).toBeUndefined();
			expect(reply.text).toContain('Naledi');
			const executions = await env.api.waitForExecutions(autoReply.id, 3);
			expect(executions.map((execution) => execution.status)).toEqual(['success', 'success', 'success']);
		});
	});

	it('refuses a delivery that does not carry the registered secret, and runs nothing', async () => {
		await withN8nLog(async () => {
			const idsOf = async () => (await env.api.executions(autoReply.id)).map((execution) => execution.id);
			const executionsBefore = await idsOf();
			const repliesBefore = sandbox.sentMessages().length;
			const delivery = newCustomerMessageLike(sandbox.deliveries());
			const post = async (url: URL) =>
				await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(delivery) });

			const forged = ourWebhookTarget();
			forged.searchParams.set(SECRET_QUERY_PARAMETER, 'not-the-secret');
			const withoutSecret = ourWebhookTarget();
			withoutSecret.searchParams.delete(SECRET_QUERY_PARAMETER);
			expect((await post(forged)).status).toBe(401);
			expect((await post(withoutSecret)).status).toBe(401);
			expect(await idsOf()).toEqual(executionsBefore);
			expect(sandbox.sentMessages()).toHaveLength(repliesBefore);

			// The very same delivery with the registered secret is accepted and runs the workflow,
			// once: the refused ones, sent earlier, have not run in the meantime either.
			expect((await post(ourWebhookTarget())).status).toBe(200);
			const after = await env.api.waitForExecutions(autoReply.id, executionsBefore.length + 1);
			expect(after).toHaveLength(executionsBefore.length + 1);
			await sandbox.waitFor(() => sandbox.sentMessages().length > repliesBefore, 30_000);
			expect(sandbox.sentMessages()).toHaveLength(repliesBefore + 1);
		});
	});

	it('runs a delivery whose message has an out-of-range time and a broken % escape, and answers it', async () => {
		await withN8nLog(async () => {
			const executionsBefore = (await env.api.executions(autoReply.id)).length;
			const repliesBefore = sandbox.sentMessages().length;
			const delivery = newCustomerMessageLike(sandbox.deliveries()) as { messages: Array<Record<string, unknown>> };
			for (const message of delivery.messages) {
				Object.assign(message, { _id: `${String(message._id)}-malformed`, type: 'file', received: 1e20 });
				message.mediaUrl = 'https://media.smooch.io/apps/a1/Quote 100%.pdf';
			}
			const response = await fetch(ourWebhookTarget(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(delivery) });

			expect(response.status).toBe(200);
			const executions = await env.api.waitForExecutions(autoReply.id, executionsBefore + 1);
			expect(executions[0].status).toBe('success');
			await sandbox.waitFor(() => sandbox.sentMessages().length > repliesBefore, 30_000);
			expect(sandbox.sentMessages()).toHaveLength(repliesBefore + 1);
		});
	});

	it('removes its webhook from Channel360 when it is unpublished, so customer messages no longer reach it', async () => {
		await withN8nLog(async () => {
			await env.api.deactivate(autoReply.id);
			await sandbox.waitFor(() => sandbox.webhooks().length === 0, 30_000);

			const deliveriesBefore = sandbox.deliveries().length;
			await sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, { phone: THANDI, text: 'Still there?' });
			expect(sandbox.deliveries()).toHaveLength(deliveriesBefore);
		});
	});
});

/**
 * The auto-reply set to "Route to Window Closed Output", with a node on that second output:
 * the output exists in real n8n (it comes from an expression on the node's parameters) and
 * carries the customer whose window has closed, while nothing is sent.
 */
function routingVariant(example: WorkflowJson): WorkflowJson {
	const variant = structuredClone(example);
	const [trigger, reply] = variant.nodes;
	variant.id = 'c360RouteClosed1';
	variant.name = 'Auto-reply that routes closed windows';
	trigger.webhookId = '7c1d9e2a-4b5f-4a6e-8d3c-2f1a0b9c8d71';
	reply.parameters = { ...reply.parameters, windowClosedAction: 'routeToOutput' };
	variant.nodes.push({ name: 'Window closed', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [640, 120], parameters: {} });
	variant.connections = {
		...variant.connections,
		[reply.name]: { main: [[], [{ node: 'Window closed', type: 'main', index: 0 }]] },
	};
	return variant;
}

interface RunData {
	resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>> };
}

describe('the auto-reply set to route closed windows to a second output, in a real n8n', () => {
	const variant = routingVariant(autoReply);

	it('passes the customer to "Window Closed" and sends nothing', async () => {
		await withN8nLog(async () => {
			await env.importWorkflows([variant]);
			await env.api.activate(variant.id);
			await env.api.waitUntilPublished(variant.id);
			const sentBefore = sandbox.sentMessages().length;
			const notificationsBefore = sandbox.notifications().length;

			await sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, {
				phone: LERATO,
				name: 'Lerato',
				text: 'Is the sale still on?',
				at: sandbox.clock.now() - 30 * HOUR,
			});
			const [summary] = await env.api.waitForExecutions(variant.id, 1);
			const execution = await env.api.execution(summary.id);
			const runData = (execution.data as RunData).resultData.runData;

			expect(execution.status).toBe('success');
			const routed = runData['Window closed']?.[0]?.data?.main[0] ?? [];
			expect(routed).toHaveLength(1);
			expect(routed[0].json).toMatchObject({ phone: LERATO, outcome: 'windowClosed', window: expect.objectContaining({ open: false }) });
			expect(sandbox.sentMessages()).toHaveLength(sentBefore);
			expect(sandbox.notifications()).toHaveLength(notificationsBefore);
			await env.api.deactivate(variant.id);
		});
	});
});

describe('the scheduled outreach example in a real n8n', () => {
	it('run once, sends the template to the opted-in contacts only', async () => {
		await withN8nLog(async () => {
			const before = sandbox.notifications().length;
			await env.cli(['execute', `--id=${outreach.id}`]);

			const sent = sandbox.notifications().slice(before);
			expect(sent.map((notification) => notification.destination).sort()).toEqual([THANDI, PIETER].sort());
			expect(sent.every((notification) => notification.templateName === 'welcome_back')).toBe(true);
			expect(sent.map((notification) => notification.destination)).not.toContain(LERATO);
			expect(JSON.stringify(sent.find((notification) => notification.destination === THANDI)?.components)).toContain('Hi Thandi');
			const [execution] = await env.api.waitForExecutions(outreach.id, 1);
			expect(execution.status).toBe('success');
		});
	});

	it("run again the same day, sends nothing: n8n's deduplication store remembers today's campaign", async () => {
		await withN8nLog(async () => {
			const before = sandbox.notifications().length;
			await env.cli(['execute', `--id=${outreach.id}`]);
			expect(sandbox.notifications().slice(before)).toHaveLength(0);
			const executions = await env.api.waitForExecutions(outreach.id, 2);
			expect(executions.every((execution) => execution.status === 'success')).toBe(true);
		});
	});
});
