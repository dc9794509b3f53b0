/**
 * Benchmark 3: n8n's resident memory and the trigger's stored static data while deliveries
 * from many customers pass through one published Channel360 Trigger workflow, sampled after
 * every chunk of events. Stops at the event target or at the time budget, whichever comes first
 * (nothing is extrapolated).
 */
import { decodeMemory, emptyMemory, type TriggerMemory } from '../nodes/Channel360/core/triggerMemory';
import { drainExecutions, endedExecutions, residentKb, storedStaticData } from '../scripts/n8n';
import { publishTrigger, sleep, type BenchContext } from './context';
import { deliveryBodyTemplate, fillDeliveryBody } from './deliveryBody';
import { sendCounted } from './loadGenerator';

export interface StateSample {
	events: number;
	elapsedSeconds: number;
	rssMb: number;
	staticDataBytes: number;
	rememberedEvents: number;
	rememberedCustomers: number;
	failedRequests: number;
	/** Executions of the workflow that ended so far (n8n answers before it runs the workflow). */
	executionsEnded: number;
}

export interface StateGrowthResult {
	targetEvents: number;
	customers: number;
	chunk: number;
	concurrency: number;
	budgetSeconds: number;
	n8nSettings: string;
	reachedEvents: number;
	stoppedBy: 'target' | 'time budget';
	loadGenerator: string;
	samples: StateSample[];
}

function triggerMemoryOf(staticData: string): TriggerMemory {
	if (!staticData) return emptyMemory();
	const parsed = JSON.parse(staticData) as Record<string, { memory?: string }>;
	const nodeState = Object.entries(parsed).find(([key]) => key.startsWith('node:'))?.[1];
	return decodeMemory(nodeState?.memory);
}

/** `n8nSettings`: how the n8n under test was started, for the report. */
export async function stateGrowth(ctx: BenchContext, workflowId: string, webhookId: string, n8nSettings: string): Promise<StateGrowthResult> {
	const settings = ctx.quick
		? { targetEvents: 1_500, customers: 1_000, chunk: 500, concurrency: 4, budgetSeconds: 120 }
		: { targetEvents: 100_000, customers: 10_000, chunk: 2_000, concurrency: 4, budgetSeconds: 2_700 };
	const pid = ctx.env.n8n.pid;
	if (pid === undefined) throw new Error('n8n has no process id');
	const url = await publishTrigger(ctx, workflowId, webhookId);
	const template = deliveryBodyTemplate(ctx.sandbox.defaultOrg.orgId, Date.now());
	const runPrefix = `m${Date.now().toString(36)}-`;

	const sample = async (events: number, elapsedSeconds: number, failedRequests: number, executionsEnded: number): Promise<StateSample> => {
		const staticData = await storedStaticData(ctx.install.node, ctx.env.userFolder, workflowId);
		const state = triggerMemoryOf(staticData);
		return {
			events,
			elapsedSeconds,
			rssMb: residentKb(pid) / 1024,
			staticDataBytes: Buffer.byteLength(staticData),
			rememberedEvents: state.recent.size,
			rememberedCustomers: state.customers.size,
			failedRequests,
			executionsEnded,
		};
	};

	const endedBefore = await endedExecutions(ctx.install.node, ctx.env.userFolder, workflowId);
	const samples: StateSample[] = [await sample(0, 0, 0, 0)];
	const started = Date.now();
	let events = 0;
	let failed = 0;
	try {
		while (events < settings.targetEvents && (Date.now() - started) / 1000 < settings.budgetSeconds) {
			const offset = events;
			const result = await sendCounted(url, settings.chunk, settings.concurrency, (sequence) =>
				fillDeliveryBody(template, runPrefix, offset + sequence, settings.customers),
			);
			events += result.sent;
			failed += Object.values(result.failures).reduce((sum, value) => sum + value, 0);
			// Wait for the executions this chunk started: n8n answered before running them.
			const drained = await drainExecutions(ctx.install.node, ctx.env.userFolder, workflowId, endedBefore + events - failed);
			await sleep(1_000); // the static data of the last one is saved after it ends
			const taken = await sample(events, (Date.now() - started) / 1000, failed, drained.ended - endedBefore);
			samples.push(taken);
			ctx.log(
				`  ${events} events (${taken.executionsEnded} executions ended): RSS ${taken.rssMb.toFixed(0)} MB, static data ${taken.staticDataBytes} B (${taken.rememberedEvents} events, ${taken.rememberedCustomers} customers remembered), ${failed} failed`,
			);
		}
	} finally {
		await ctx.env.api.deactivate(workflowId).catch(() => undefined);
	}
	return {
		...settings,
		n8nSettings,
		reachedEvents: events,
		stoppedBy: events >= settings.targetEvents ? 'target' : 'time budget',
		loadGenerator: `node http.Agent keep-alive, ${settings.concurrency} requests in flight, exactly ${settings.chunk} deliveries per chunk (bench/loadGenerator.ts)`,
		samples,
	};
}
