/**
 * `node build/bench/profile.js <arm> [seconds] [engine]`: a CPU profile of n8n while one arm of
 * benchmark 1 is under load (arm: trigger | webhook), to see where a delivery's time goes.
 * Writes n8n's .cpuprofile into bench/results/profile-<arm>-<engine>/ and prints the functions
 * with the most self time. A tool for finding costs, not a benchmark: it has no baseline.
 */
import { existsSync, mkdirSync, symlinkSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';

import { startSandbox } from '../sandbox';
import { drainExecutions, endedExecutions, installN8n, repoRoot, startN8nEnvironment } from '../scripts/n8n';
import { publishTrigger, type BenchContext } from './context';
import { deliveryBodyTemplate } from './deliveryBody';
import { CORE_WEBHOOK_PATH } from './triggerOverhead';
import { BENCH_CREDENTIAL, coreWebhookWorkflow, triggerWorkflow } from './workflows';
import { runWrk } from './wrk';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
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
	const workflow =
		arm === 'webhook'
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
	try {
		const ctx: BenchContext = { sandbox, env, install, quick: true, log };
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
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
