/**
 * `npm run bench [-- --quick] [-- --only=trigger,outreach,state]`: starts the Channel360 sandbox
 * in this process and a real n8n (the e2e harness: pinned n8n on node 24, this package packed
 * and installed as a community package), runs the benchmarks and writes the figures to
 * bench/results/ (git-ignored) and, for a full run of all three, to BENCHMARKS.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { loadavg } from 'os';
import { join } from 'path';

import { startSandbox, type Sandbox } from '../sandbox';
import { installN8n, repoRoot, startN8nEnvironment, type N8nEnvironment, type WorkflowJson } from '../scripts/n8n';
import type { BenchContext } from './context';
import { machineInfo, versions } from './machine';
import { outreach } from './outreach';
import { outreachScale } from './outreachScale';
import { renderReport, type BenchResults } from './report';
import { stateGrowth } from './stateGrowth';
import { CORE_WEBHOOK_PATH, CORE_WEBHOOK_V1_PATH, triggerOverhead } from './triggerOverhead';
import {
	BENCH_CREDENTIAL,
	channel360OutreachWebhookWorkflow,
	channel360OutreachWorkflow,
	coreWebhookWorkflow,
	httpOutreachWorkflow,
	triggerWorkflow,
	type HttpBatching,
} from './workflows';
import { wrkVersion } from './wrk';

const BENCHMARKS = ['trigger', 'outreach', 'trigger-lazy', 'state', 'trigger-legacy', 'outreach-1000', 'outreach-100k'] as const;
type Benchmark = (typeof BENCHMARKS)[number];

const IDS = {
	triggerDefaults: { id: 'benchTrigDefault', webhookId: '3d0f7a1e-5c2b-4e8f-9a61-b2c4d6e8f001' },
	triggerMemory: { id: 'benchTrigMemory1', webhookId: '3d0f7a1e-5c2b-4e8f-9a61-b2c4d6e8f003' },
	coreWebhook: { id: 'benchCoreWebhook', webhookId: '0b7c3f52-9a51-4d7e-b1a4-6c2f8e0d9a10' },
	coreWebhookV1: { id: 'benchCoreWebhkV1', webhookId: '0b7c3f52-9a51-4d7e-b1a4-6c2f8e0d9a11' },
	/** One Channel360 outreach workflow per Messages per Second value (two digits). */
	outreachChannel360: (messagesPerSecond: number) => `benchOutC360mp${messagesPerSecond}`,
	outreachHttp: 'benchOutHttpReq1',
	outreach1000: 'benchOutC360k1000',
	outreach1000Once: 'benchOutC360k1Once',
	outreachHttp1000: 'benchOutHttpReqK1',
	outreach100k: { id: 'benchOutC360x100k', path: 'bench-outreach-100k', webhookId: '6a1f0c2e-7d3b-4c59-8e21-f4a9b0c1d100' },
};

/** Benchmark 2b/2c: WhatsApp's upgraded tier. */
const UPGRADED_TIER_PER_SECOND = 1000;

/**
 * Defaults of benchmark 2; --mps=<n>[,<n>…] and --http-batch=<size>/<ms> try others. The node
 * runs at the limit and a little below it: a sender paced exactly at the limit meets 429s
 * whenever its timers bunch up on a busy machine.
 */
const MESSAGES_PER_SECOND = [80, 78];
export const LEGACY_ENGINE = { N8N_EXPRESSION_ENGINE: 'legacy' };
/** n8n's default engine, with isolates taken only where an expression is evaluated. */
export const LAZY_ISOLATES = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };
const HTTP_BATCHING: HttpBatching = { batchSize: 80, batchIntervalMs: 1000 };

interface Arguments {
	quick: boolean;
	only: Benchmark[];
	messagesPerSecond: number[];
	httpBatching: HttpBatching;
	notifications?: number;
}

function valueOf(argv: string[], name: string): string | undefined {
	return argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function parseArguments(argv: string[]): Arguments {
	const quick = argv.includes('--quick');
	const mps = valueOf(argv, 'mps');
	if (mps && !mps.split(',').every((value) => /^[1-8]\d$/.test(value) && Number(value) <= 80)) {
		throw new Error('--mps: give whole numbers from 10 to 80, e.g. --mps=80,78');
	}
	const batch = valueOf(argv, 'http-batch')?.split('/').map(Number);
	const notifications = valueOf(argv, 'notifications');
	const onlyArgument = valueOf(argv, 'only');
	const only = onlyArgument ? (onlyArgument.split(',') as Benchmark[]) : [...BENCHMARKS];
	for (const name of only) {
		if (!BENCHMARKS.includes(name)) throw new Error(`--only: unknown benchmark "${name}"; use ${BENCHMARKS.join(', ')}`);
	}
	return {
		quick,
		only,
		messagesPerSecond: mps ? mps.split(',').map(Number) : MESSAGES_PER_SECOND,
		httpBatching: batch ? { batchSize: batch[0], batchIntervalMs: batch[1] } : HTTP_BATCHING,
		notifications: notifications ? Number(notifications) : undefined,
	};
}

/** Runs `body` with extra environment variables, which the harness passes on to the n8n it starts. */
async function withEnvironmentVariables<T>(variables: Record<string, string>, body: () => Promise<T>): Promise<T> {
	const previous = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
	Object.assign(process.env, variables);
	try {
		return await body();
	} finally {
		for (const [name, value] of Object.entries(previous)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	}
}

async function attempt<T>(name: string, log: (line: string) => void, body: () => Promise<T>): Promise<T | { error: string }> {
	log(`${name}…`);
	try {
		return await body();
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		log(`${name} failed: ${message}`);
		return { error: message };
	}
}

/** `--render=<results json>`: writes the report of an earlier run again (after a change to report.ts). */
function renderAgain(file: string): void {
	const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
	const target = results.command === 'npm run bench' ? join(repoRoot(), 'BENCHMARKS.md') : file.replace(/\.json$/, '.md');
	writeFileSync(target, renderReport(results));
	console.log(`wrote ${target}`);
}

async function main(): Promise<void> {
	const renderFrom = valueOf(process.argv.slice(2), 'render');
	if (renderFrom) return renderAgain(renderFrom);
	// Keep every execution countable: n8n otherwise prunes beyond 10,000 (0 = no limit).
	process.env.EXECUTIONS_DATA_PRUNE_MAX_COUNT = '0';
	const argv = process.argv.slice(2);
	const { quick, only, messagesPerSecond, httpBatching, ...requested } = parseArguments(argv);
	const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
	const startedAt = new Date().toISOString();
	const machine = machineInfo();
	// The outreach rounds need no load generator (and wrk may not be installed).
	const usesWrk = only.some((name) => name.startsWith('trigger') || name === 'state');
	const loadGenerator = usesWrk
		? `${await wrkVersion()} (Debian package) for benchmark 1; node http.Agent keep-alive generator (bench/loadGenerator.ts) for benchmark 3`
		: 'none (outreach rounds only)';
	const notifications = requested.notifications ?? (quick ? 400 : 2_000);

	let sandbox: Sandbox | undefined;
	let env: N8nEnvironment | undefined;
	try {
		const install = await installN8n();
		sandbox = await startSandbox();
		const { orgId, token } = sandbox.defaultOrg;
		const activeSandbox = sandbox;
		const start = async (workflows: WorkflowJson[], extraEnvironment: Record<string, string> = {}) =>
			await withEnvironmentVariables(extraEnvironment, () =>
				startN8nEnvironment({
					install,
					credential: BENCH_CREDENTIAL,
					connection: { baseUrl: activeSandbox.url, organizationId: orgId, apiToken: token },
					workflows,
					log,
				}),
			);
		const triggerWorkflows = [
			triggerWorkflow(IDS.triggerDefaults.id, 'Bench: Channel360 Trigger', IDS.triggerDefaults.webhookId),
			coreWebhookWorkflow(IDS.coreWebhook.id, CORE_WEBHOOK_PATH, IDS.coreWebhook.webhookId),
			coreWebhookWorkflow(IDS.coreWebhookV1.id, CORE_WEBHOOK_V1_PATH, IDS.coreWebhookV1.webhookId, 1),
		];
		const triggerArms = {
			trigger: IDS.triggerDefaults.id,
			triggerWebhookId: IDS.triggerDefaults.webhookId,
			coreWebhook: IDS.coreWebhook.id,
			coreWebhookV1: IDS.coreWebhookV1.id,
		};
		const results: BenchResults = {
			startedAt,
			finishedAt: '',
			quick,
			command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
			machine,
			loadAverageAtEnd: [],
			versions: await versions(install, loadGenerator),
		};

		if (only.includes('trigger') || only.includes('outreach')) {
			env = await start([
				...triggerWorkflows,
				...messagesPerSecond.map((rate) => channel360OutreachWorkflow(IDS.outreachChannel360(rate), notifications, rate)),
				httpOutreachWorkflow(IDS.outreachHttp, notifications, sandbox.url, orgId, httpBatching),
			]);
			const ctx: BenchContext = { sandbox, env, install, quick, log };
			if (only.includes('trigger')) {
				results.triggerOverhead = await attempt('trigger overhead', log, () => triggerOverhead(ctx, triggerArms));
			}
			if (only.includes('outreach')) {
				results.outreach = await attempt('outreach throughput', log, () =>
					outreach(
						ctx,
						[
							...messagesPerSecond.map((rate) => ({
								key: `channel360at${rate}`,
								label: `Channel360 node at ${rate}/s`,
								workflowId: IDS.outreachChannel360(rate),
								settings: `Notification → Send, Messages per Second ${rate}, opt-in check "None" (the HTTP Request side cannot check opt-in either)`,
							})),
							{
								key: 'http',
								label: 'HTTP Request node',
								workflowId: IDS.outreachHttp,
								settings: `POST /v1.1/org/{orgId}/notification with the Channel360 credential, batching ${httpBatching.batchSize} items per ${httpBatching.batchIntervalMs} ms, Retry On Fail (3 tries, 1 s apart)`,
							},
						],
						{ notifications, rounds: quick ? 1 : 3 },
					),
				);
			}
			await env.stop();
			env = undefined;
		}
		if (only.includes('outreach-1000') || only.includes('outreach-100k')) {
			const rate = UPGRADED_TIER_PER_SECOND;
			const count = requested.notifications ?? (quick ? 2_000 : 10_000);
			const scaleRecipients = quick ? 20_000 : 100_000;
			const batching = { batchSize: rate, batchIntervalMs: 1000 };
			env = await start([
				channel360OutreachWorkflow(IDS.outreach1000, count, rate),
				// A campaign per execution, so that every round sends to everyone and pays for the records.
				channel360OutreachWorkflow(IDS.outreach1000Once, count, rate, { sendOnce: 'skipSent', campaignId: '={{ $execution.id }}' }),
				httpOutreachWorkflow(IDS.outreachHttp1000, count, sandbox.url, orgId, batching),
				channel360OutreachWebhookWorkflow(IDS.outreach100k.id, scaleRecipients, rate, IDS.outreach100k.path, IDS.outreach100k.webhookId),
			]);
			const ctx: BenchContext = { sandbox, env, install, quick, log };
			if (only.includes('outreach-1000')) {
				results.outreachUpgradedTier = await attempt('outreach throughput at 1,000/s', log, () =>
					outreach(
						ctx,
						[
							{
								key: 'channel360at1000',
								label: `Channel360 node at ${rate}/s`,
								workflowId: IDS.outreach1000,
								settings: `Notification → Send, Messages per Second ${rate}, opt-in check "None"`,
							},
							{
								key: 'channel360at1000once',
								label: `Channel360 node at ${rate}/s, Send Once per Campaign`,
								workflowId: IDS.outreach1000Once,
								settings: `the same with Send Once per Campaign (n8n's deduplication store, SQLite), a new campaign ID per execution`,
							},
							{
								key: 'http',
								label: 'HTTP Request node',
								workflowId: IDS.outreachHttp1000,
								settings: `POST /v1.1/org/{orgId}/notification with the Channel360 credential, batching ${batching.batchSize} items per ${batching.batchIntervalMs} ms, Retry On Fail (3 tries, 1 s apart)`,
							},
						],
						{ notifications: count, rounds: quick ? 1 : 3, limitPerSecond: rate },
					),
				);
			}
			if (only.includes('outreach-100k')) {
				results.outreachScale = await attempt(`outreach of ${scaleRecipients} recipients in one execution`, log, () =>
					outreachScale(ctx, IDS.outreach100k, {
						recipients: scaleRecipients,
						messagesPerSecond: rate,
						checkpoints: quick ? [5_000, 10_000, 20_000] : [10_000, 50_000, 100_000],
						stallSeconds: 300,
					}),
				);
			}
			await env.stop();
			env = undefined;
		}
		if (only.includes('trigger-lazy') || only.includes('state')) {
			// The state run needs n8n's throughput without a new isolate per webhook call to get
			// through its events in the time budget; what the trigger stores does not depend on it.
			env = await start(
				[
					...triggerWorkflows,
					// History lookups do not change what the trigger stores, and halve the events that fit the time budget.
					triggerWorkflow(IDS.triggerMemory.id, 'Bench: Channel360 Trigger (state growth)', IDS.triggerMemory.webhookId, {
						useHistory: false,
					}),
				],
				LAZY_ISOLATES,
			);
			const ctx: BenchContext = { sandbox, env, install, quick, log };
			if (only.includes('trigger-lazy')) {
				results.triggerOverheadLazyIsolates = await attempt('trigger overhead, isolates taken lazily', log, () =>
					triggerOverhead(ctx, triggerArms, quick ? 2 : 3),
				);
			}
			if (only.includes('state')) {
				const settings = Object.entries(LAZY_ISOLATES).map(([name, value]) => `${name}=${value}`).join(' ');
				results.stateGrowth = await attempt('memory and state growth', log, () =>
					stateGrowth(ctx, IDS.triggerMemory.id, IDS.triggerMemory.webhookId, settings),
				);
			}
			await env.stop();
			env = undefined;
		}
		if (only.includes('trigger-legacy')) {
			// The legacy engine has no isolates at all: what is left of the gap is the trigger's own.
			env = await start(triggerWorkflows, LEGACY_ENGINE);
			const ctx: BenchContext = { sandbox, env, install, quick, log };
			results.triggerOverheadLegacyEngine = await attempt('trigger overhead, legacy expression engine', log, () =>
				triggerOverhead(ctx, triggerArms, quick ? 2 : 3),
			);
			await env.stop();
			env = undefined;
		}
		results.finishedAt = new Date().toISOString();
		results.loadAverageAtEnd = loadavg().map((value) => Math.round(value * 100) / 100);

		const root = repoRoot();
		const stamp = startedAt.replace(/[:.]/g, '-');
		mkdirSync(join(root, 'bench', 'results'), { recursive: true });
		writeFileSync(join(root, 'bench', 'results', `${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
		const report = renderReport(results);
		const full = argv.length === 0;
		const reportFile = full ? join(root, 'BENCHMARKS.md') : join(root, 'bench', 'results', `BENCHMARKS-${stamp}.md`);
		writeFileSync(reportFile, report);
		log(`wrote ${reportFile}`);
	} finally {
		await env?.stop();
		await sandbox?.stop();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.stack ?? error.message : error);
	process.exit(1);
});
