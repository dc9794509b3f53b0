/**
 * `node build/bench/profile.js <arm> [seconds] [engine]`: a CPU profile of n8n while one arm of
 * benchmark 1 is under load (arm: trigger | webhook), to see where a delivery's time goes.
 * `node build/bench/profile.js outreach [recipients] [engine]`: the same for one execution of
 * Webhook → Code → Channel360 (Notification → Send at 1,000/s, benchmark 2c's workflow), printing
 * n8n's CPU per accepted notification while sending and the time inside the calls that matter.
 * Writes n8n's .cpuprofile into bench/results/profile-<arm>-<engine>/ and prints the functions
 * with the most self time. A tool for finding costs, not a benchmark: it has no baseline.
 */
import { existsSync, mkdirSync, symlinkSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';

import { startSandbox } from '../sandbox';
import { drainExecutions, endedExecutions, installN8n, repoRoot, startN8nEnvironment } from '../scripts/n8n';
import { publishTrigger, type BenchContext } from './context';
import { outreachScale } from './outreachScale';
import { deliveryBodyTemplate } from './deliveryBody';
import { CORE_WEBHOOK_PATH } from './triggerOverhead';
import { BENCH_CREDENTIAL, channel360OutreachWebhookWorkflow, coreWebhookWorkflow, triggerWorkflow } from './workflows';
import { runWrk } from './wrk';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
	parent?: ProfileNode;
}
interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

function topSelfTime(profile: CpuProfile, limit: number): string[] {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const selfUs = new Map<string, number>();
	let total = 0;
	profile.samples.forEach((id, index) => {
		const frame = byId.get(id)!.callFrame;
		const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '')}:${frame.lineNumber + 1}`;
		const delta = profile.timeDeltas[index] ?? 0;
		selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
		total += delta;
	});
	return [...selfUs.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, limit)
		.map(([key, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
}

type Frame = ProfileNode['callFrame'];
const inPackage = (frame: Frame) => frame.url.includes('n8n-nodes-channel360/dist/');
const named = (name: string, url?: RegExp) => (frame: Frame) => frame.functionName === name && (!url || url.test(frame.url));

/** Where a notification's time goes: the calls that matter, each with the time spent inside it (self and callees). */
const OUTREACH_CALLS: Array<{ label: string; test: (frame: Frame) => boolean }> = [
	{ label: 'our package (any frame of it on the stack)', test: inPackage },
	{ label: '  NotificationSender.prepare (parameters, template, body, opt-in)', test: (frame) => inPackage(frame) && frame.functionName === 'prepare' },
	{ label: '  runPaced (dispatch loop and pacing)', test: (frame) => inPackage(frame) && /runPaced|runJob/.test(frame.functionName) },
	{ label: '  channel360Request (our request layer, including n8n helpers it calls)', test: named('channel360Request') },
	{ label: 'getNodeParameter (n8n, parameter and expression resolution)', test: named('getNodeParameter') },
	{ label: 'getCredentials (n8n, decrypt + resolve the credential)', test: named('getCredentials') },
	{ label: 'httpRequestWithAuthentication (n8n, includes its own credential read and axios)', test: named('httpRequestWithAuthentication') },
	{ label: '  authenticate (n8n, applies the credential to the request)', test: named('authenticate') },
	{ label: 'axios (any frame)', test: (frame) => frame.url.includes('/axios/') },
	{ label: 'decrypt (n8n Cipher)', test: (frame) => frame.functionName === 'decrypt' },
	{ label: 'expression evaluation (n8n Expression / tournament)', test: (frame) => /\/(expression|tournament)/i.test(frame.url) },
	{ label: 'execution hooks / saving progress (n8n cli)', test: (frame) => /execution-lifecycle|save-execution-progress/.test(frame.url) },
	{ label: '(garbage collector)', test: named('(garbage collector)') },
	{ label: '(program)', test: named('(program)') },
	{ label: '(idle)', test: named('(idle)') },
];

/** Per label: microseconds of samples whose stack has a matching frame (each sample counted once per label). */
function inclusiveTime(profile: CpuProfile, calls: typeof OUTREACH_CALLS): { total: number; byLabel: Map<string, number> } {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	for (const node of profile.nodes) for (const child of node.children ?? []) byId.get(child)!.parent = node;
	const memo = new Map<number, boolean[]>();
	const matchesOf = (node: ProfileNode): boolean[] => {
		let found = memo.get(node.id);
		if (!found) {
			const above = node.parent ? matchesOf(node.parent) : calls.map(() => false);
			found = calls.map((call, index) => above[index] || call.test(node.callFrame));
			memo.set(node.id, found);
		}
		return found;
	};
	const byLabel = new Map(calls.map((call) => [call.label, 0]));
	let total = 0;
	profile.samples.forEach((id, index) => {
		const delta = profile.timeDeltas[index] ?? 0;
		total += delta;
		matchesOf(byId.get(id)!).forEach((hit, call) => {
			if (hit) byLabel.set(calls[call].label, byLabel.get(calls[call].label)! + delta);
		});
	});
	return { total, byLabel };
}

async function main(): Promise<void> {
	const [arm = 'trigger', seconds = '20', engine = 'vm'] = process.argv.slice(2);
	const out = join(repoRoot(), 'bench', 'results', `profile-${arm}-${engine}`);
	mkdirSync(out, { recursive: true });
	const log = (line: string) => console.log(`[profile] ${line}`);
	const pinned = await installN8n();
	// NODE_OPTIONS may not carry --cpu-prof: n8n's node is started through a wrapper that adds it
	// for `n8n start` only (the harness's import and user commands are short-lived).
	const wrapper = join(out, 'node-with-cpu-prof.sh');
	writeFileSync(
		wrapper,
		`#!/bin/sh\ncase "$2" in start) exec "${pinned.node}" --cpu-prof --cpu-prof-dir="${out}" "$@";; esac\nexec "${pinned.node}" "$@"\n`,
		{ mode: 0o755 },
	);
	// The harness puts the directory of its node first on PATH: keep node 24 there.
	if (!existsSync(join(out, 'node'))) symlinkSync(pinned.node, join(out, 'node'));
	const install = { ...pinned, node: wrapper };
	const sandbox = await startSandbox();
	const ids = { workflow: 'benchProfileArm1', webhookId: '3d0f7a1e-5c2b-4e8f-9a61-b2c4d6e8f0ff' };
	const recipients = Number(seconds);
	const outreachPath = 'bench-profile-outreach';
	const workflow =
		arm === 'outreach'
			? channel360OutreachWebhookWorkflow(ids.workflow, recipients, 1000, outreachPath, ids.webhookId)
			: arm === 'webhook'
			? coreWebhookWorkflow(ids.workflow, CORE_WEBHOOK_PATH, ids.webhookId)
			: triggerWorkflow(ids.workflow, 'Profile: Channel360 Trigger', ids.webhookId, { useHistory: false });
	process.env.N8N_EXPRESSION_ENGINE = engine;
	const env = await startN8nEnvironment({
		install,
		credential: BENCH_CREDENTIAL,
		connection: { baseUrl: sandbox.url, organizationId: sandbox.defaultOrg.orgId, apiToken: sandbox.defaultOrg.token },
		workflows: [workflow],
		log,
	});
	let sendingSummary = '';
	try {
		const ctx: BenchContext = { sandbox, env, install, quick: true, log };
		if (arm === 'outreach') {
			// From a fifth of the list to the end: the sending phase only (the Code node and the
			// node's checks of every item come before the first send).
			const from = Math.round(recipients / 5);
			const result = await outreachScale(ctx, { id: ids.workflow, path: outreachPath }, {
				recipients,
				messagesPerSecond: 1000,
				checkpoints: [from, recipients],
				stallSeconds: 120,
			});
			const [, first, last] = result.samples;
			if (!last) throw new Error(`only ${result.accepted} of ${recipients} accepted`);
			const perNotificationMs = ((last.n8nCpuSeconds - first.n8nCpuSeconds) * 1000) / (last.accepted - first.accepted);
			sendingSummary = [
				`accepted ${result.accepted}, lost ${result.lost}, duplicated ${result.duplicates}, ${result.ratePerSecond.toFixed(1)}/s between first and last`,
				`n8n CPU from ${first.accepted} to ${last.accepted} accepted: ${(last.n8nCpuSeconds - first.n8nCpuSeconds).toFixed(1)} s = ${perNotificationMs.toFixed(2)} ms per notification` +
					` (sandbox ${(((last.sandboxCpuSeconds - first.sandboxCpuSeconds) * 1000) / (last.accepted - first.accepted)).toFixed(2)} ms); n8n RSS ${first.rssMb.toFixed(0)} → ${last.rssMb.toFixed(0)} MB`,
				`load average at the end ${result.loadAverage.join(' / ')}`,
			].join('\n');
			log(sendingSummary);
		} else {
			let url: string;
			if (arm === 'webhook') {
				await env.api.activate(ids.workflow);
				url = `${env.n8n.url}/webhook/${CORE_WEBHOOK_PATH}`;
			} else {
				url = await publishTrigger(ctx, ids.workflow, ids.webhookId);
			}
			const bodyFile = join(out, 'delivery.json');
			writeFileSync(bodyFile, deliveryBodyTemplate(sandbox.defaultOrg.orgId, Date.now()));
			const started = Date.now();
			const result = await runWrk(url, bodyFile, `p${Date.now().toString(36)}-`, { connections: 8, durationSeconds: Number(seconds), customers: 100 });
			const drained = await drainExecutions(install.node, env.userFolder, ids.workflow, result.requests - result.statusErrors);
			log(`${result.requests} answered, ${await endedExecutions(install.node, env.userFolder, ids.workflow)} ended, ${(drained.ended / ((drained.at - started) / 1000)).toFixed(1)} processed/s`);
		}
	} finally {
		await env.stop();
		await sandbox.stop();
	}
	// Every node process the harness started wrote one; n8n's own is by far the largest.
	const largest = readdirSync(out)
		.filter((name) => name.endsWith('.cpuprofile'))
		.map((name) => ({ name, size: statSync(join(out, name)).size }))
		.sort((a, b) => b.size - a.size)[0];
	const profile = JSON.parse(readFileSync(join(out, largest.name), 'utf8')) as CpuProfile;
	console.log(`\n${largest.name}:\n${topSelfTime(profile, 45).join('\n')}`);
	if (arm === 'outreach') {
		const { total, byLabel } = inclusiveTime(profile, OUTREACH_CALLS);
		const busy = total - (byLabel.get('(idle)') ?? 0);
		console.log(`\nTime inside (whole n8n process life, ${(busy / 1e6).toFixed(1)} s busy of ${(total / 1e6).toFixed(1)} s; per notification = inside / ${recipients}):`);
		for (const [label, us] of byLabel) {
			console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / busy).toFixed(1).padStart(5)}% ${(us / 1000 / recipients).toFixed(3).padStart(7)} ms/notif  ${label}`);
		}
		console.log(`\n${sendingSummary}`);
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
