/**
 * Benchmark 2: 2,000 template notifications to the sandbox limited to 80 requests per second
 * (429 beyond), sent by (a) the Channel360 node and (b) an HTTP Request node making the same
 * POST /notification calls with n8n's batching and retry on fail. Each run is a manually
 * started workflow (`n8n execute --id`); the figures come from what the sandbox accepted.
 */
import type { SandboxNotification } from '../sandbox';
import type { BenchContext } from './context';
import { fixed, median } from './stats';
import { OUTREACH_TEMPLATE } from './workflows';

export const RATE_LIMIT_PER_SECOND = 80;

export interface OutreachArm {
	key: string;
	label: string;
	workflowId: string;
	/** How the sender is configured, for the report. */
	settings: string;
}

export interface OutreachRun {
	round: number;
	arm: string;
	/** The run ended with n8n reporting an error (after its retries). */
	failed: string | null;
	accepted: number;
	uniqueRecipients: number;
	lost: number;
	duplicates: number;
	rateLimited: number;
	/** Accepted notifications per second between the first and the last acceptance. */
	ratePerSecond: number;
	fractionOfLimit: number;
}

export interface OutreachResult {
	notifications: number;
	limitPerSecond: number;
	rounds: number;
	arms: OutreachArm[];
	command: string;
	runs: OutreachRun[];
	medianFraction: Record<string, number>;
}

function measure(
	round: number,
	arm: string,
	count: number,
	accepted: SandboxNotification[],
	rateLimited: number,
	failed: string | null,
	limitPerSecond: number,
): OutreachRun {
	const times = accepted.map((notification) => notification.statusHistory[0]?.at ?? Number.NaN).sort((a, b) => a - b);
	const spanSeconds = times.length > 1 ? (times[times.length - 1] - times[0]) / 1000 : Number.NaN;
	const ratePerSecond = times.length > 1 ? (times.length - 1) / spanSeconds : Number.NaN;
	const unique = new Set(accepted.map((notification) => notification.destination)).size;
	return {
		round,
		arm,
		failed,
		accepted: accepted.length,
		uniqueRecipients: unique,
		lost: count - unique,
		duplicates: accepted.length - unique,
		rateLimited,
		ratePerSecond,
		fractionOfLimit: ratePerSecond / limitPerSecond,
	};
}

function firstLine(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return text.split('\n')[0].slice(0, 200);
}

export async function outreachRun(
	ctx: BenchContext,
	arm: OutreachArm,
	round: number,
	count: number,
	limitPerSecond = RATE_LIMIT_PER_SECOND,
): Promise<OutreachRun> {
	const { sandbox } = ctx;
	const notificationsBefore = sandbox.notifications().length;
	const requestsBefore = sandbox.requests().length;
	let failed: string | null = null;
	try {
		await ctx.env.cli(['execute', `--id=${arm.workflowId}`]);
	} catch (error) {
		failed = firstLine(error);
		ctx.log(`  ${arm.key} failed: ${error instanceof Error ? error.message : String(error)}`);
	}
	const accepted = sandbox.notifications().slice(notificationsBefore);
	const rateLimited = sandbox
		.requests()
		.slice(requestsBefore)
		.filter((entry) => entry.status === 429).length;
	const run = measure(round, arm.key, count, accepted, rateLimited, failed, limitPerSecond);
	ctx.log(
		`  round ${round} ${arm.key}: ${run.accepted} accepted, ${fixed(run.fractionOfLimit)} of the limit, lost ${run.lost}, duplicates ${run.duplicates}, 429s ${run.rateLimited}${failed ? `, failed: ${failed}` : ''}`,
	);
	return run;
}

export function prepareOutreachSandbox(ctx: BenchContext, limitPerSecond = RATE_LIMIT_PER_SECOND): void {
	ctx.sandbox.addTemplate(ctx.sandbox.defaultOrg.orgId, {
		name: OUTREACH_TEMPLATE.name,
		language: OUTREACH_TEMPLATE.language,
		status: 'APPROVED',
		category: 'UTILITY',
		components: [{ type: 'BODY', text: 'Hello {{1}}, your order is on its way.' }],
	});
	ctx.sandbox.setRateLimit(limitPerSecond);
}

export async function outreach(
	ctx: BenchContext,
	arms: OutreachArm[],
	settings: { notifications: number; rounds: number; limitPerSecond?: number },
): Promise<OutreachResult> {
	const limitPerSecond = settings.limitPerSecond ?? RATE_LIMIT_PER_SECOND;
	prepareOutreachSandbox(ctx, limitPerSecond);
	const runs: OutreachRun[] = [];
	try {
		for (let round = 1; round <= settings.rounds; round++) {
			// Rotate the order so that no arm always runs first or right after the same other arm.
			const shift = (round - 1) % arms.length;
			const order = [...arms.slice(shift), ...arms.slice(0, shift)];
			for (const arm of order) runs.push(await outreachRun(ctx, arm, round, settings.notifications, limitPerSecond));
		}
	} finally {
		ctx.sandbox.setRateLimit(null);
	}
	const medianOf = (key: string) => median(runs.filter((run) => run.arm === key).map((run) => run.fractionOfLimit));
	return {
		notifications: settings.notifications,
		limitPerSecond,
		rounds: settings.rounds,
		arms,
		command: 'n8n execute --id=<workflow id>',
		runs,
		medianFraction: Object.fromEntries(arms.map((arm) => [arm.key, medianOf(arm.key)])),
	};
}
