/**
 * `npm start`: the whole product on this machine. Starts the Channel360 sandbox (seeded with demo
 * data) and a real n8n with this package installed as a community package, both example workflows
 * imported, the credential created and the auto-reply published; prints where to click and how
 * to play the customer. Ctrl-C stops everything.
 *
 * With CHANNEL360_API_TOKEN and CHANNEL360_ORGANIZATION_ID (and optionally CHANNEL360_BASE_URL)
 * in the environment it talks to Channel360 instead of the sandbox. Channel360 must then reach
 * this n8n: set WEBHOOK_URL to a public HTTPS URL that forwards to it (e.g. a tunnel).
 */
import {
	DEFAULT_OWNER,
	preferredOrFreePort,
	readExample,
	startN8nEnvironment,
	type Channel360Connection,
	type N8nEnvironment,
} from './n8n';
import type { Sandbox } from '../sandbox';
import { sandboxConnection, startDemoSandbox } from './demoSandbox';

const SANDBOX_PORT = 4360;
const N8N_PORT = 5678;

interface Target {
	connection: Channel360Connection;
	sandbox?: Sandbox;
	/** Public base URL for n8n's webhooks; undefined = n8n's own address (fine for the sandbox). */
	webhookUrl?: string;
}

const say = (line = '') => process.stdout.write(`${line}\n`);

async function startTarget(env: NodeJS.ProcessEnv): Promise<Target> {
	const token = env.CHANNEL360_API_TOKEN?.trim();
	const organizationId = env.CHANNEL360_ORGANIZATION_ID?.trim();
	if (token && organizationId) {
		say('Using Channel360 itself (CHANNEL360_API_TOKEN and CHANNEL360_ORGANIZATION_ID are set); no sandbox.');
		return {
			connection: { apiToken: token, organizationId, baseUrl: env.CHANNEL360_BASE_URL?.trim() || 'https://www.channel360.co.za' },
			webhookUrl: env.WEBHOOK_URL?.trim() || undefined,
		};
	}
	const port = await preferredOrFreePort(Number(env.SANDBOX_PORT ?? SANDBOX_PORT));
	const sandbox = await startDemoSandbox(port, (line) => say(`[sandbox] ${line}`));
	return { connection: sandboxConnection(sandbox), sandbox };
}

/** Publishing registers the trigger's webhook with Channel360, so it needs a reachable n8n. */
async function publishAutoReply(n8n: N8nEnvironment, target: Target, workflowId: string): Promise<boolean> {
	if (!target.sandbox && !target.webhookUrl) {
		say('Not publishing the auto-reply: Channel360 cannot reach this n8n. Set WEBHOOK_URL to a public URL that');
		say('forwards to it (e.g. https://<your-tunnel>/) and restart, or publish it later from the editor.');
		return false;
	}
	const mark = n8n.n8n.logMark();
	try {
		await n8n.api.activate(workflowId);
		await n8n.api.waitUntilPublished(workflowId, 20_000);
		return true;
	} catch (error) {
		// n8n itself keeps running: the user can fix the credential and publish from the editor.
		say(`Could not publish the auto-reply: ${(error as Error).message}`);
		const reasons = n8n.n8n
			.logSince(mark)
			.split('\n')
			.filter((line) => /error|refused|could not|failed/i.test(line) && !/api\.n8n\.io|Strapi|system task/.test(line));
		for (const line of reasons.slice(0, 5)) say(`  n8n: ${line.trim()}`);
		say(`Check the credential in the editor, then publish the workflow there (n8n's log: ${n8n.settings.logFile}).`);
		return false;
	}
}

function printInstructions(n8n: N8nEnvironment, target: Target, published: boolean, ids: { autoReply: string; outreach: string }): void {
	const editor = n8n.n8n.url;
	say();
	say('================================================================================');
	say(`n8n editor      ${editor}`);
	say(`  log in as     ${n8n.owner.email}  /  ${n8n.owner.password}`);
	say(`  auto-reply    ${editor}/workflow/${ids.autoReply}${published ? '  (published)' : ''}`);
	say(`  outreach      ${editor}/workflow/${ids.outreach}  (open it and click "Execute workflow")`);
	say(`  n8n log       ${n8n.settings.logFile}`);
	if (target.sandbox) {
		const sandbox = target.sandbox;
		say();
		say(`Channel360 sandbox  ${sandbox.url}   (what was sent: ${sandbox.url}/__sandbox/)`);
		say();
		say('Be the customer (Thandi writes on WhatsApp; the auto-reply answers):');
		say(`  curl -s -X POST ${sandbox.url}/__sandbox/inbound -H 'Content-Type: application/json' \\`);
		say(`    -d '{"phone":"+27821234567","name":"Thandi","text":"Hi, is my order ready?"}'`);
		say('See the reply:');
		say(`  curl -s ${sandbox.url}/__sandbox/sent`);
		say('A customer whose window has closed (last wrote 25 h ago) gets the fallback template:');
		say(`  curl -s -X POST ${sandbox.url}/__sandbox/inbound -H 'Content-Type: application/json' \\`);
		say(`    -d '{"phone":"+27829876543","name":"Pieter","text":"Hello?","at":'$(( $(date +%s) * 1000 - 90000000 ))'}'`);
		say(`  curl -s ${sandbox.url}/__sandbox/notifications`);
	} else {
		say();
		say(`Channel360       ${target.connection.baseUrl} (organisation ${target.connection.organizationId})`);
		say(`Webhook URL base ${n8n.n8n.webhookBaseUrl()}`);
		say('The auto-reply falls back to the template "chat_followup" (en_US): create it in Channel360 or pick yours.');
	}
	say();
	say('Ctrl-C stops n8n and the sandbox.');
	say('================================================================================');
}

async function main(): Promise<void> {
	process.once('SIGINT', () => say('\nStopping n8n and the sandbox (n8n may take a few seconds)…'));
	const target = await startTarget(process.env);
	const autoReply = readExample('customer-auto-reply.json');
	const outreach = readExample('scheduled-outreach.json');
	const n8n = await startN8nEnvironment({
		connection: target.connection,
		workflows: [autoReply, outreach],
		n8nPort: await preferredOrFreePort(Number(process.env.N8N_PORT ?? N8N_PORT)),
		webhookUrl: target.webhookUrl,
		owner: DEFAULT_OWNER,
		log: (line) => say(`[start] ${line}`),
	});
	const published = await publishAutoReply(n8n, target, autoReply.id);
	printInstructions(n8n, target, published, { autoReply: autoReply.id, outreach: outreach.id });
	// Stay up until Ctrl-C: the harness stops n8n and runs the clean-ups (sandbox included).
	await new Promise<never>(() => undefined);
}

main().catch((error: Error) => {
	process.stderr.write(`npm start failed: ${error.message}\n`);
	process.exit(1);
});
