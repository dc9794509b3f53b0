/**
 * Benchmark 1: what the Channel360 Trigger costs per delivery compared with n8n's core Webhook
 * node, both answering at once into the same NoOp, same n8n, same wrk on loopback. Arms run in
 * interleaved rounds; the claim is the median of the per-round throughput ratios.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { drainExecutions, endedExecutions } from '../scripts/n8n';
import { publishTrigger, sleep, type BenchContext } from './context';
import { deliveryBodyTemplate, fillDeliveryBody } from './deliveryBody';
import { median, ratio } from './stats';
import { requestsPerSecond, runWrk, wrkCommand, type LoadResult, type LoadSettings } from './wrk';

export interface TriggerArm {
	key: string;
	label: string;
	workflowId: string;
	url: string;
}

export interface ArmRun extends LoadResult {
	/** Requests answered per second, as wrk saw them. */
	rps: number;
	/** Executions of the workflow that ended, counted in n8n's database after the load stopped. */
	processed: number;
	/** processed / (time from the start of the load until the last of them ended). */
	processedPerSecond: number;
	/** Answered with 2xx but no execution ended (n8n dropped it). */
	unprocessed: number;
}

export interface TriggerRound {
	round: number;
	order: string[];
	results: Record<string, ArmRun>;
	/** Processed deliveries per second of each arm divided by the baseline's (core Webhook node), this round. */
	ratios: Record<string, number>;
	/** The same for the Channel360 arms divided by the control arm's (Webhook node version 1). */
	controlRatios: Record<string, number>;
	/** The same for requests answered per second (wrk). */
	answerRatios: Record<string, number>;
}

export interface TriggerOverheadResult {
	settings: LoadSettings & { rounds: number; warmupSeconds: number };
	arms: Array<Omit<TriggerArm, 'url'>>;
	baseline: string;
	/** n8n's own Webhook node at version 1: treated by n8n as every trigger but the current Webhook node is. */
	control: string;
	command: string;
	rounds: TriggerRound[];
	medianRatio: Record<string, number>;
	medianAnswerRatio: Record<string, number>;
	medianRatioToControl: Record<string, number>;
	medianProcessedPerSecond: Record<string, number>;
	medianRps: Record<string, number>;
	unprocessed: Record<string, number>;
	medianP50Ms: Record<string, number>;
	medianP99Ms: Record<string, number>;
	errors: Record<string, number>;
}

export interface TriggerWorkflowIds {
	trigger: string;
	triggerWebhookId: string;
	/** A coreWebhookWorkflow() listening on CORE_WEBHOOK_PATH. */
	coreWebhook: string;
	/** A coreWebhookWorkflow() at version 1 listening on CORE_WEBHOOK_V1_PATH. */
	coreWebhookV1: string;
}

export const CORE_WEBHOOK_PATH = 'bench-core-webhook';
export const CORE_WEBHOOK_V1_PATH = 'bench-core-webhook-v1';

/** One delivery per arm before measuring: the arm answers 2xx (a webhook is live a moment after publishing) and runs. */
async function checkArm(ctx: BenchContext, arm: TriggerArm, template: string): Promise<void> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const response = await fetch(arm.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: fillDeliveryBody(template, `check-${arm.key}-`, 0, 1),
		});
		if (response.ok) break;
		if (Date.now() > deadline) throw new Error(`${arm.label}: a delivery was answered ${response.status} ${await response.text()}`);
		await sleep(500);
	}
	await ctx.env.api.waitForExecutions(arm.workflowId, 1, 60_000);
}

/**
 * One arm for one round: wrk for the round's duration, then wait until the executions it
 * started have ended (n8n answers before it runs the workflow, so answers alone would hide a
 * growing backlog).
 */
async function measureArm(ctx: BenchContext, arm: TriggerArm, bodyFile: string, runPrefix: string, settings: LoadSettings): Promise<ArmRun> {
	const { node } = ctx.install;
	const before = await endedExecutions(node, ctx.env.userFolder, arm.workflowId);
	const started = Date.now();
	const result = await runWrk(arm.url, bodyFile, runPrefix, settings);
	const answered = result.requests - result.statusErrors;
	const drained = await drainExecutions(node, ctx.env.userFolder, arm.workflowId, before + answered);
	const processed = drained.ended - before;
	return {
		...result,
		rps: requestsPerSecond(result),
		processed,
		processedPerSecond: processed / ((drained.at - started) / 1000),
		unprocessed: Math.max(0, answered - processed),
	};
}

export async function triggerOverhead(ctx: BenchContext, workflows: TriggerWorkflowIds, rounds?: number): Promise<TriggerOverheadResult> {
	const defaults = ctx.quick
		? { connections: 8, durationSeconds: 5, customers: 100, rounds: 2, warmupSeconds: 3 }
		: { connections: 8, durationSeconds: 20, customers: 100, rounds: 5, warmupSeconds: 10 };
	const settings = { ...defaults, rounds: rounds ?? defaults.rounds };
	await ctx.env.api.activate(workflows.coreWebhook);
	await ctx.env.api.activate(workflows.coreWebhookV1);
	const triggerUrl = await publishTrigger(ctx, workflows.trigger, workflows.triggerWebhookId);
	// The same bytes to every arm: the Webhook nodes get the same query string and ignore it.
	const query = new URL(triggerUrl).search;
	const coreWebhookUrl = (path: string) => `${ctx.env.n8n.url}/webhook/${path}${query}`;
	const arms: TriggerArm[] = [
		{ key: 'trigger', label: 'Channel360 Trigger', workflowId: workflows.trigger, url: triggerUrl },
		{
			key: 'webhookV1',
			label: "n8n's core Webhook node, version 1 (control)",
			workflowId: workflows.coreWebhookV1,
			url: coreWebhookUrl(CORE_WEBHOOK_V1_PATH),
		},
		{ key: 'webhook', label: "n8n's core Webhook node", workflowId: workflows.coreWebhook, url: coreWebhookUrl(CORE_WEBHOOK_PATH) },
	];
	const baseline = 'webhook';
	const control = 'webhookV1';
	const ours = arms.filter((arm) => arm.key !== baseline && arm.key !== control);

	const work = mkdtempSync(join(tmpdir(), 'c360-bench-'));
	const bodyFile = join(work, 'delivery.json');
	const template = deliveryBodyTemplate(ctx.sandbox.defaultOrg.orgId, Date.now());
	writeFileSync(bodyFile, template);
	const runPrefix = `b${Date.now().toString(36)}-`;
	try {
		for (const arm of arms) await checkArm(ctx, arm, template);
		ctx.log(`trigger overhead: warm-up ${settings.warmupSeconds} s per arm`);
		for (const arm of arms) {
			await runWrk(arm.url, bodyFile, `${runPrefix}w-${arm.key}-`, { ...settings, durationSeconds: settings.warmupSeconds });
		}
		const rounds: TriggerRound[] = [];
		for (let round = 1; round <= settings.rounds; round++) {
			// Alternate the order so no arm always runs right after another's backlog.
			const order = round % 2 === 1 ? arms : [...arms].reverse();
			const results: TriggerRound['results'] = {};
			for (const arm of order) {
				results[arm.key] = await measureArm(ctx, arm, bodyFile, `${runPrefix}${round}-${arm.key}-`, settings);
				const r = results[arm.key];
				ctx.log(
					`  round ${round} ${arm.key}: ${r.processedPerSecond.toFixed(1)} processed/s, ${r.rps.toFixed(1)} answered/s, p50 ${(r.p50Us / 1000).toFixed(1)} ms, p99 ${(r.p99Us / 1000).toFixed(1)} ms, ${r.unprocessed} unprocessed`,
				);
			}
			const ratios: Record<string, number> = {};
			const answerRatios: Record<string, number> = {};
			const controlRatios: Record<string, number> = {};
			for (const arm of arms) {
				if (arm.key === baseline) continue;
				ratios[arm.key] = ratio(results[arm.key].processedPerSecond, results[baseline].processedPerSecond);
				answerRatios[arm.key] = ratio(results[arm.key].rps, results[baseline].rps);
			}
			for (const arm of ours) controlRatios[arm.key] = ratio(results[arm.key].processedPerSecond, results[control].processedPerSecond);
			rounds.push({ round, order: order.map((arm) => arm.key), results, ratios, answerRatios, controlRatios });
		}
		const perArm = (pick: (result: ArmRun) => number) =>
			Object.fromEntries(arms.map((arm) => [arm.key, median(rounds.map((round) => pick(round.results[arm.key])))]));
		return {
			settings,
			arms: arms.map(({ key, label, workflowId }) => ({ key, label, workflowId })),
			baseline,
			control,
			command: `wrk ${wrkCommand('<webhook URL>', '<delivery body file>', '<run prefix>', settings)
				.map((part) => part.replace(/^.*\/bench\//, 'bench/'))
				.join(' ')}`,
			rounds,
			medianRatio: Object.fromEntries(
				arms.filter((arm) => arm.key !== baseline).map((arm) => [arm.key, median(rounds.map((round) => round.ratios[arm.key]))]),
			),
			medianAnswerRatio: Object.fromEntries(
				arms.filter((arm) => arm.key !== baseline).map((arm) => [arm.key, median(rounds.map((round) => round.answerRatios[arm.key]))]),
			),
			medianRatioToControl: Object.fromEntries(ours.map((arm) => [arm.key, median(rounds.map((round) => round.controlRatios[arm.key]))])),
			medianProcessedPerSecond: perArm((result) => result.processedPerSecond),
			medianRps: perArm((result) => result.rps),
			unprocessed: Object.fromEntries(
				arms.map((arm) => [arm.key, rounds.reduce((sum, round) => sum + round.results[arm.key].unprocessed, 0)]),
			),
			medianP50Ms: perArm((result) => result.p50Us / 1000),
			medianP99Ms: perArm((result) => result.p99Us / 1000),
			errors: Object.fromEntries(
				arms.map((arm) => [
					arm.key,
					rounds.reduce((sum, round) => {
						const result = round.results[arm.key];
						return sum + result.statusErrors + result.connectErrors + result.readErrors + result.writeErrors + result.timeouts;
					}, 0),
				]),
			),
		};
	} finally {
		rmSync(work, { recursive: true, force: true });
		for (const arm of arms) await ctx.env.api.deactivate(arm.workflowId).catch(() => undefined);
	}
}
