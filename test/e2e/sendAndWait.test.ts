/**
 * Send and Wait for Response in a real n8n: a workflow asks a question in WhatsApp and waits;
 * the customer's tap reaches the Channel360 Trigger of another (published) workflow, which
 * resumes the same execution with the answer; the workflow goes on and confirms.
 */
import { DEMO_ORG_ID, seedDemoData, startSandbox, tapTemplateButton, type Sandbox } from '../../sandbox';
import {
	addExampleTemplates,
	APPROVAL_TEMPLATE,
	installN8n,
	readExample,
	startN8nEnvironment,
	type N8nEnvironment,
	type WorkflowJson,
} from '../../scripts/n8n';
import { parseWaitReference, resumeUrlFor } from '../../nodes/Channel360/core/waitReference';
import {
	executionIn,
	executionReaching,
	listenerWorkflow,
	logLine,
	outputOf,
	publish,
	startThroughWebhook,
	statusOf,
	variantOf,
	type RunData,
} from './sendAndWaitSteps';
import { withLogsOnFailure } from '../support/logsOnFailure';

const SETUP_TIMEOUT_MS = 15 * 60_000;
jest.setTimeout(120_000);

const HOUR = 3_600_000;
const THANDI = '+27821234567'; // opted in
const PIETER = '+27829876543'; // opted in
const SIPHO = '+27835550142'; // never wrote: no conversation history, so no open window
const ASK = 'Ask the manager in WhatsApp';
const CONFIRM = 'Confirm in WhatsApp';

const approval: WorkflowJson = readExample('approval-in-whatsapp.json');
const dayChoice = variantOf(approval, 'c360ApprovalList', 'pick-a-day', '2b4d6f80-1a3c-4e5f-8a7b-9c0d1e2f3a41', {
	[ASK]: {
		question: 'Which day suits you for the delivery?',
		responseType: 'choice',
		choiceStyle: 'list',
		listButtonText: 'Pick a day',
		answerOptions: {
			option: [
				{ title: 'Monday', value: 'mon' },
				{ title: 'Tuesday', value: 'tue' },
				{ title: 'Wednesday', value: 'wed' },
				{ title: 'Thursday', value: 'thu', description: 'Afternoon only' },
			],
		},
		windowClosedAction: 'fail',
	},
	[CONFIRM]: { text: '=Delivery booked for {{ $json.answer.title }}' },
});
const withTimeLimit = variantOf(approval, 'c360ApprovalTime', 'refund-approval-limited', '6e8a0c2e-4f6b-4d8a-9c1e-3a5b7d9f1b62', {
	[ASK]: { waitOptions: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 0.05, resumeUnit: 'minutes' } } } },
});
const routesClosedWindow = variantOf(approval, 'c360ApprovalRout', 'refund-approval-routed', '8a0c2e4f-6b8d-4f1a-9c3e-5b7d9f1b3d84', {
	[ASK]: { windowClosedAction: 'routeToOutput' },
});
const listener = listenerWorkflow('c360Listener0001', '9f1b3d5e-7a9c-4b1d-8e3f-5a7c9e1b3d70');

let sandbox: Sandbox;
let env: N8nEnvironment;
const orgId = () => sandbox.defaultOrg.orgId;
const appUsers: Record<string, string> = {};

const withN8nLog = (run: () => Promise<void>) => withLogsOnFailure(() => env && `--- n8n log (tail) ---\n${env.n8n.logTail(80)}`, run);

/** Starts the workflow for `phone` and returns the id of the execution now waiting for the answer. */
async function ask(workflow: WorkflowJson, phone: string, order: string): Promise<string> {
	const waitingBefore = (await env.api.executions(workflow.id)).map((execution) => execution.id);
	await startThroughWebhook(env, workflow, { appUserId: appUsers[phone], phone, amount: 450, order });
	return await executionIn(env, workflow.id, 'waiting', waitingBefore);
}

/** One template notification through the sandbox's API, as any earlier outreach would have sent it. */
async function sendTemplate(phone: string): Promise<void> {
	const response = await fetch(`${sandbox.url}/v1.1/org/${orgId()}/notification`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sandbox.defaultOrg.token}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			destination: phone,
			message: { type: 'template', template: { name: 'chat_followup', language: { policy: 'deterministic', code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Thandi' }] }] } },
		}),
	});
	if (response.status !== 201) throw new Error(`the sandbox refused the notification: ${response.status} ${await response.text()}`);
}

const textsTo = (phone: string) => sandbox.sentMessages().filter((message) => message.phone === phone && message.type === 'text');
const listenerRuns = async () => (await env.api.executions(listener.id)).length;

beforeAll(async () => {
	sandbox = await startSandbox({ defaultOrgId: DEMO_ORG_ID });
	seedDemoData(sandbox, orgId());
	addExampleTemplates(sandbox, orgId());
	const install = await installN8n();
	env = await startN8nEnvironment({
		install,
		connection: { baseUrl: sandbox.url, organizationId: orgId(), apiToken: sandbox.defaultOrg.token },
		workflows: [approval, dayChoice, withTimeLimit, routesClosedWindow, listener],
		log: (line) => process.stderr.write(`[e2e] ${line}\n`),
	});
	await env.api.activate(listener.id);
	await env.api.waitUntilPublished(listener.id);
	for (const workflow of [approval, dayChoice, withTimeLimit, routesClosedWindow]) await publish(env, workflow.id);
	// Channel360 keeps a readable conversation history only for numbers it once sent a template
	// to: Thandi, the manager, had one. She writes now (her window is open); Pieter last wrote
	// 25 hours ago (closed).
	await sendTemplate(THANDI);
	await sandbox.waitFor(() => sandbox.notifications().some((sent) => sent.destination === THANDI && sent.status.startsWith('DELIVERED')), 30_000);
	appUsers[THANDI] = (await sandbox.simulateInboundMessage(orgId(), { phone: THANDI, name: 'Thandi', text: 'Hi' })).appUserId;
	appUsers[PIETER] = (
		await sandbox.simulateInboundMessage(orgId(), { phone: PIETER, name: 'Pieter', text: 'Hello', at: sandbox.clock.now() - 25 * HOUR })
	).appUserId;
	await env.api.waitForExecutions(listener.id, 2);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await env?.stop();
	await sandbox?.stop();
});

describe('Send and Wait for Response in a real n8n', () => {
	it('waits for the approval, resumes the same execution when the customer taps Approve, and confirms', async () => {
		await withN8nLog(async () => {
			const listenerBefore = await listenerRuns();
			const executionId = await ask(approval, THANDI, 'A-1001');

			const question = sandbox.sentMessages().filter((message) => message.phone === THANDI && message.type === 'interactive').at(-1);
			expect(question).toMatchObject({ windowOpen: true, delivered: true });
			expect(JSON.stringify(question?.interactive)).toContain('Refund of R450 for order A-1001');
			expect(await statusOf(env, executionId)).toBe('waiting');

			const tap = await sandbox.simulateButtonTap(orgId(), { phone: THANDI, title: 'Approve' });
			const runData = await executionReaching(env, executionId, 'success');

			const [answer] = outputOf(runData, ASK);
			expect(answer).toMatchObject({
				outcome: 'answered',
				answer: { value: 'approve', title: 'Approve', approved: true },
				answeredBy: { appUserId: appUsers[THANDI], phone: THANDI },
				answerMessageId: tap.messageId,
				question: { messageId: question?.id, sentAs: 'interactive', appUserId: appUsers[THANDI] },
			});
			expect(Date.parse(String(answer.answeredAt))).not.toBeNaN();
			await sandbox.waitFor(() => textsTo(THANDI).some((message) => message.text === 'Approved: the refund goes out today.'), 30_000);
			// The tap resumed the execution; it did not also start the listener's workflow.
			expect(await listenerRuns()).toBe(listenerBefore);
		});
	});

	it('resumes with the decline when the customer taps Decline', async () => {
		await withN8nLog(async () => {
			const executionId = await ask(approval, THANDI, 'A-1002');
			await sandbox.simulateButtonTap(orgId(), { phone: THANDI, title: 'Decline' });
			const runData = await executionReaching(env, executionId, 'success');

			expect(outputOf(runData, ASK)[0]).toMatchObject({ outcome: 'answered', answer: { value: 'decline', title: 'Decline', approved: false } });
			await sandbox.waitFor(() => textsTo(THANDI).some((message) => message.text === 'Declined: we will let the customer know.'), 30_000);
		});
	});

	it('offers a list and resumes with the option picked', async () => {
		await withN8nLog(async () => {
			const executionId = await ask(dayChoice, THANDI, 'A-1003');
			const list = sandbox.sentMessages().filter((message) => message.phone === THANDI && message.type === 'interactive').at(-1);
			expect(list?.interactive).toMatchObject({ type: 'list', action: { button: 'Pick a day' } });

			await sandbox.simulateButtonTap(orgId(), { phone: THANDI, title: 'Thursday' });
			const runData = await executionReaching(env, executionId, 'success');

			expect(outputOf(runData, ASK)[0]).toMatchObject({ outcome: 'answered', answer: { value: 'thu', title: 'Thursday' } });
			expect(outputOf(runData, ASK)[0].answer).not.toHaveProperty('approved');
			await sandbox.waitFor(() => textsTo(THANDI).some((message) => message.text === 'Delivery booked for Thursday'), 30_000);
		});
	});

	it('sends a template whose quick-reply buttons answer when the window is closed, and resumes on the tap', async () => {
		await withN8nLog(async () => {
			const notificationsBefore = sandbox.notifications().length;
			const executionId = await ask(approval, PIETER, 'A-1004');

			const [notification] = sandbox.notifications().slice(notificationsBefore);
			expect(notification).toMatchObject({ destination: PIETER, templateName: APPROVAL_TEMPLATE.name });
			expect(sandbox.sentMessages().filter((message) => message.phone === PIETER)).toEqual([]);

			await tapTemplateButton(sandbox, orgId(), PIETER, 0, 'Approve');
			const runData = await executionReaching(env, executionId, 'success');

			expect(outputOf(runData, ASK)[0]).toMatchObject({
				outcome: 'answered',
				answer: { value: 'approve', approved: true },
				answeredBy: { appUserId: appUsers[PIETER] },
				question: { sentAs: 'template', messageId: notification.id },
			});
			await sandbox.waitFor(() => textsTo(PIETER).some((message) => message.text === 'Approved: the refund goes out today.'), 30_000);
		});
	});

	it('routes a closed window to the "Window Closed" output: nothing sent, the execution ends without waiting', async () => {
		// Not Pieter: his template tap above opened his window.
		await withN8nLog(async () => {
			const notificationsBefore = sandbox.notifications().length;
			const messagesBefore = sandbox.sentMessages().length;
			const executionsBefore = (await env.api.executions(routesClosedWindow.id)).map((execution) => execution.id);
			await startThroughWebhook(env, routesClosedWindow, { phone: SIPHO, amount: 450, order: 'A-1010' });
			const executionId = await executionIn(env, routesClosedWindow.id, 'success', executionsBefore);

			const runData = await executionReaching(env, executionId, 'success');
			const [sent, windowClosed] = runData.resultData.runData[ASK].at(-1)?.data?.main ?? [];
			expect(sent ?? []).toEqual([]);
			expect((windowClosed ?? []).map((item) => item.json)).toEqual([
				expect.objectContaining({ outcome: 'windowClosed', phone: SIPHO, appUserId: null, window: expect.objectContaining({ open: false, source: 'none' }) }),
			]);
			expect(runData.resultData.runData[CONFIRM]).toBeUndefined();
			expect(sandbox.notifications()).toHaveLength(notificationsBefore);
			expect(sandbox.sentMessages()).toHaveLength(messagesBefore);
		});
	});

	it("resumes nothing on another customer's tap of the same button, and says why in the log", async () => {
		await withN8nLog(async () => {
			const executionId = await ask(approval, THANDI, 'A-1005');
			const question = sandbox.sentMessages().filter((message) => message.phone === THANDI && message.type === 'interactive').at(-1);
			const approveId = (question?.interactive as { action: { buttons: Array<{ reply: { id: string; title: string } }> } }).action.buttons[0].reply.id;

			const mark = env.n8n.logMark();
			const listenerBefore = await listenerRuns();
			await sandbox.simulateInboundMessage(orgId(), { phone: PIETER, text: 'Approve', payload: approveId });
			await logLine(env, mark, new RegExp(`resumed nothing: its reference to execution ${executionId} is not signed for App User ${appUsers[PIETER]}`));
			expect(await statusOf(env, executionId)).toBe('waiting');
			// Pieter's message is not lost: it starts the listener's workflow like any message.
			await env.api.waitForExecutions(listener.id, listenerBefore + 1);

			// Thandi's own tap still answers it.
			await sandbox.simulateButtonTap(orgId(), { phone: THANDI, title: 'Approve' });
			expect(outputOf(await executionReaching(env, executionId, 'success'), ASK)[0]).toMatchObject({
				answeredBy: { appUserId: appUsers[THANDI] },
			});
		});
	});

	it('refuses a resume posted straight to n8n with a button id but without the proof only a trigger can make', async () => {
		await withN8nLog(async () => {
			const executionId = await ask(approval, THANDI, 'A-1008');
			const question = sandbox.sentMessages().filter((message) => message.phone === THANDI && message.type === 'interactive').at(-1);
			const buttonId = (question?.interactive as { action: { buttons: Array<{ reply: { id: string } }> } }).action.buttons[0].reply.id;
			const reference = parseWaitReference(buttonId);
			expect(reference).not.toBeNull();
			const triggerUrl = sandbox.webhooks()[0].target;

			const forged = await fetch(resumeUrlFor(triggerUrl, reference!), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					reference: buttonId,
					appUserId: appUsers[THANDI],
					phone: THANDI,
					title: 'Approve',
					answerMessageId: null,
					answeredAt: new Date().toISOString(),
					proof: 'made-up',
				}),
			});
			expect(forged.status).toBe(403);
			expect(await statusOf(env, executionId)).toBe('waiting');

			await sandbox.simulateButtonTap(orgId(), { phone: THANDI, title: 'Decline' });
			expect(outputOf(await executionReaching(env, executionId, 'success'), ASK)[0]).toMatchObject({ answer: { value: 'decline' } });
		});
	});

	it('resumes once when the customer taps twice', async () => {
		await withN8nLog(async () => {
			const executionsBefore = (await env.api.executions(approval.id)).length;
			const executionId = await ask(approval, THANDI, 'A-1006');
			await sandbox.simulateButtonTap(orgId(), { phone: THANDI, title: 'Approve' });
			await executionReaching(env, executionId, 'success');
			const confirmations = textsTo(THANDI).length;

			const mark = env.n8n.logMark();
			await sandbox.simulateButtonTap(orgId(), { phone: THANDI, title: 'Approve' });
			await logLine(env, mark, new RegExp(`resumed nothing: execution ${executionId} is not waiting for it`));

			expect(await env.api.executions(approval.id)).toHaveLength(executionsBefore + 1);
			expect(textsTo(THANDI)).toHaveLength(confirmations);
		});
	});

	it('goes on without an answer when the wait time runs out, and the item says it timed out', async () => {
		await withN8nLog(async () => {
			const executionId = await ask(withTimeLimit, THANDI, 'A-1007');
			const runData = await executionReaching(env, executionId, 'success', 100_000);

			expect(outputOf(runData, ASK)[0]).toMatchObject({ outcome: 'timedOut', answer: null, question: { appUserId: appUsers[THANDI] } });
			await sandbox.waitFor(() => textsTo(THANDI).some((message) => message.text === 'No answer in time: the refund stays on hold.'), 30_000);
		});
	}, 150_000);

	it('with a second trigger that asks to see answers: the tap resumes the execution once and also starts that workflow', async () => {
		await withN8nLog(async () => {
			const seesAnswers = listenerWorkflow('c360Listener0002', '4c6e8a0b-2d4f-4a6c-9e8b-1d3f5a7c9e12');
			seesAnswers.nodes[0].parameters = { events: ['message:appUser'], options: { startWorkflowForAnswers: true } };
			await env.importWorkflows([seesAnswers]);
			await env.api.activate(seesAnswers.id);
			await env.api.waitUntilPublished(seesAnswers.id);
			const listenerBefore = await listenerRuns();
			const confirmations = textsTo(THANDI).length;

			const executionId = await ask(approval, THANDI, 'A-1009');
			const mark = env.n8n.logMark();
			await sandbox.simulateButtonTap(orgId(), { phone: THANDI, title: 'Approve' });
			await executionReaching(env, executionId, 'success');
			await logLine(env, mark, new RegExp(`resumed nothing: execution ${executionId} is not waiting for it`));

			const [started] = await env.api.waitForExecutions(seesAnswers.id, 1);
			const item = outputOf((await env.api.execution(started.id)).data as RunData, 'Customer writes')[0];
			expect(item).toMatchObject({ type: 'interactiveReply', reply: { id: expect.stringMatching(/^c360w1\|/), title: 'Approve' } });
			expect(env.n8n.logSince(mark).match(new RegExp(`resumed execution ${executionId} `, 'g'))).toHaveLength(1);
			await sandbox.waitFor(() => textsTo(THANDI).length === confirmations + 1, 30_000);
			expect(await listenerRuns()).toBe(listenerBefore);
			await env.api.deactivate(seesAnswers.id);
		});
	});
});
