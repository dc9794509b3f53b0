/** BENCHMARKS.md from one `npm run bench` invocation's results. */
import { CUSTOMER_LIMIT, RECENT_EVENT_LIMIT } from '../nodes/Channel360/core/triggerMemory';
import type { MachineInfo, Versions } from './machine';
import type { OutreachResult } from './outreach';
import type { OutreachScaleResult } from './outreachScale';
import type { StateGrowthResult } from './stateGrowth';
import { fixed } from './stats';
import type { TriggerOverheadResult } from './triggerOverhead';

export interface BenchResults {
	startedAt: string;
	finishedAt: string;
	quick: boolean;
	command: string;
	machine: MachineInfo;
	loadAverageAtEnd: number[];
	versions: Versions;
	triggerOverhead?: TriggerOverheadResult | { error: string };
	/** The same in a second n8n started with N8N_EXPRESSION_ENGINE=legacy. */
	triggerOverheadLegacyEngine?: TriggerOverheadResult | { error: string };
	triggerOverheadLazyIsolates?: TriggerOverheadResult | { error: string };
	outreach?: OutreachResult | { error: string };
	/** 2b: the same at WhatsApp's upgraded tier, 1,000 per second. */
	outreachUpgradedTier?: OutreachResult | { error: string };
	/** 2c: 100,000 recipients in one execution. */
	outreachScale?: OutreachScaleResult | { error: string };
	stateGrowth?: StateGrowthResult | { error: string };
}

const verdict = (met: boolean): string => (met ? '**met**' : '**not met**');

function table(header: string[], rows: string[][]): string {
	return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

function failed(section: object | undefined): string | undefined {
	if (section === undefined) return 'Not run in this invocation.';
	if ("error" in section) return `This benchmark failed: \`${String(section.error).split('\n')[0]}\``;
	return undefined;
}

function triggerSection(result: BenchResults['triggerOverhead'], title: string, described = true): string {
	const problem = failed(result);
	if (problem || !result || 'error' in result) return `${title}\n${problem}\n`;
	const armLabel = (key: string) => result.arms.find((arm) => arm.key === key)?.label ?? key;
	const others = result.arms.filter((arm) => arm.key !== result.baseline);
	// Runs from before the control arm existed have no control.
	const ours = others.filter((arm) => arm.key !== result.control);
	const controlled = result.control !== undefined;
	const perRound = table(
		[
			'Round',
			'Order',
			...result.arms.map((arm) => `${arm.key}: processed/s (answered/s; p50 / p99 ms)`),
			...others.map((arm) => `${arm.key} / ${result.baseline}`),
			...(controlled ? ours.map((arm) => `${arm.key} / ${result.control}`) : []),
		],
		result.rounds.map((round) => [
			String(round.round),
			round.order.join(', '),
			...result.arms.map((arm) => {
				const r = round.results[arm.key];
				return `${fixed(r.processedPerSecond, 1)} (${fixed(r.rps, 1)}; ${fixed(r.p50Us / 1000, 0)} / ${fixed(r.p99Us / 1000, 0)})`;
			}),
			...others.map((arm) => fixed(round.ratios[arm.key], 3)),
			...(controlled ? ours.map((arm) => fixed(round.controlRatios[arm.key], 3)) : []),
		]),
	);
	const summary = table(
		[
			'Arm',
			'Median processed/s',
			'Median answered/s',
			'Median p50 ms',
			'Median p99 ms',
			'Failed requests',
			'Answered, not processed',
			'Median ratio, processed',
			'Median ratio, answered',
		],
		result.arms.map((arm) => [
			armLabel(arm.key),
			fixed(result.medianProcessedPerSecond[arm.key], 1),
			fixed(result.medianRps[arm.key], 1),
			fixed(result.medianP50Ms[arm.key], 0),
			fixed(result.medianP99Ms[arm.key], 0),
			String(result.errors[arm.key]),
			String(result.unprocessed[arm.key]),
			arm.key === result.baseline ? '1 (baseline)' : fixed(result.medianRatio[arm.key], 3),
			arm.key === result.baseline ? '1 (baseline)' : fixed(result.medianAnswerRatio[arm.key], 3),
		]),
	);
	const goal = [
		...ours.map(
			(arm) =>
				`- ${armLabel(arm.key)}: median ratio of processed deliveries per second to the core Webhook node ${fixed(result.medianRatio[arm.key], 3)}; goal ≥ 0.9 ${verdict(result.medianRatio[arm.key] >= 0.9)}.`,
		),
		...(controlled
			? [
					...ours.map(
						(arm) =>
							`- ${armLabel(arm.key)}: median ratio to ${armLabel(result.control)} ${fixed(result.medianRatioToControl[arm.key], 3)}.`,
					),
					`- ${armLabel(result.control)}: median ratio to the current core Webhook node ${fixed(result.medianRatio[result.control], 3)}: what n8n's per-call handling costs its own node.`,
				]
			: []),
	].join('\n');
	const description = described
		? `Each arm is a published workflow \`<trigger> → NoOp\` in the same n8n: the Channel360 Trigger with
default options, n8n's core Webhook node (version 2, the baseline) and, as a control, the same
Webhook node at version 1. The trigger answers 200 before the workflow runs, the Webhook nodes
are set to respond immediately. The load is Channel360's
\`message:appUser\` delivery body (built by \`sandbox/payloads.ts\`) with the per-workflow secret in
\`c360_token\` (the same query string goes to the Webhook nodes), a unique message id per request
and ${result.settings.customers} different customers. wrk: ${result.settings.connections} connections, 1 thread,
${result.settings.durationSeconds} s per arm per round, ${result.rounds.length} rounds after a ${result.settings.warmupSeconds} s warm-up per arm,
arm order reversed every other round. The nodes answer before n8n runs the workflow, so answers
per second alone would hide a growing backlog: after each arm's load stops, the bench waits until
the executions it started have ended (counted in n8n's database, polled every second) and reports
**processed/s = ended executions / (time from the start of the load to the last one ended)** as the
throughput; latency is wrk's time to the answer.

Why the control: n8n gives every webhook call of a trigger an expression isolate of its own,
except for the current core Webhook node (\`webhookPhaseNeedsIsolate\` in n8n's
\`webhooks/live-webhooks.js\`: only \`n8n-nodes-base.webhook\` from version 2 on may skip it), and under
load each isolate is a new one. No community node can avoid that; n8n's own Webhook node at version 1
pays it too. The ratio to the control is what the Channel360 Trigger itself costs next to a node
n8n handles alike.`
		: `Same arms, load and measures as benchmark 1: ${result.settings.connections} connections, ${result.settings.durationSeconds} s per arm per round,
${result.rounds.length} rounds after a ${result.settings.warmupSeconds} s warm-up per arm.`;
	return `${title}
${description}

\`${result.command}\`

${summary}

${goal}

Per round:

${perRound}
`;
}

function outreachSection(result: BenchResults['outreach'], title = '## 2. Outreach throughput: Channel360 node vs HTTP Request node\n'): string {
	const problem = failed(result);
	if (problem || !result || 'error' in result) return `${title}\n${problem}\n`;
	const label = (key: string) => result.arms.find((arm) => arm.key === key)?.label ?? key;
	const runs = table(
		['Round', 'Arm', 'Accepted', 'Lost', 'Duplicated', '429s seen', 'Accepted per s', 'Fraction of limit', 'n8n reported'],
		result.runs.map((run) => [
			String(run.round),
			run.arm,
			String(run.accepted),
			String(run.lost),
			String(run.duplicates),
			String(run.rateLimited),
			fixed(run.ratePerSecond, 1),
			fixed(run.fractionOfLimit, 3),
			run.failed ? `error: ${run.failed.replace(/\|/g, '/')}` : 'success',
		]),
	);
	const goals = result.arms
		.map((arm) => {
			const mine = result.runs.filter((run) => run.arm === arm.key);
			const clean = mine.every((run) => run.lost === 0 && run.duplicates === 0);
			const fraction = result.medianFraction[arm.key];
			return `- ${label(arm.key)}: median ${fixed(fraction, 3)} of the limit; ${clean ? 'no run lost or duplicated a notification' : 'some run lost or duplicated notifications'}. Goal (≥ 0.95, none lost, none duplicated) ${verdict(fraction >= 0.95 && clean)}.`;
		})
		.join('\n');
	return `${title}
${result.notifications} template notifications (one per recipient, distinct numbers) per run, each run a
manually started workflow \`Manual → Code (recipients) → sender\`, run with \`${result.command}\` (its own
process, on the benchmark n8n's user folder).
The sandbox answers 429 beyond ${result.limitPerSecond} requests per second per token (every request counts,
as in Channel360's limiter). Rates come from the sandbox's acceptance timestamps:
(accepted − 1) / (last − first). Lost = recipients without an accepted notification; duplicated =
accepted notifications beyond one per recipient.

${result.arms.map((arm) => `- ${arm.label}: ${arm.settings}.`).join('\n')}

${goals}

${runs}
`;
}

function cpuPerSend(result: OutreachScaleResult, key: 'n8nCpuSeconds' | 'sandboxCpuSeconds'): string {
	const first = result.samples[0];
	const last = result.samples[result.samples.length - 1];
	if (!first || !last || last.accepted === first.accepted || last[key] === undefined) return 'n/a';
	return fixed(((last[key] - first[key]) * 1000) / (last.accepted - first.accepted), 2);
}

function outreachScaleSection(result: BenchResults['outreachScale']): string {
	const title = '## 2c. One execution of 100,000 recipients at 1,000 per second\n';
	const problem = failed(result);
	if (problem || !result || 'error' in result) return `${title}\n${problem}\n`;
	return `${title}
\`Webhook (answers at once) → Code (${result.recipients} recipients) → Channel360 (Notification → Send,
${result.messagesPerSecond}/s, opt-in "None")\`, run inside the n8n server process; the sandbox answers 429 beyond
${result.limitPerSecond}/s. RSS = VmRSS of the n8n server process when the sandbox had accepted that many
(it includes the ${result.recipients} input items and the output items n8n keeps for the execution).
Load average at the end: ${result.loadAverage.join(' / ')}.

- Accepted ${result.accepted} of ${result.recipients}; lost ${result.lost}; duplicated ${result.duplicates}.
- Wall time from the webhook call to the last acceptance: ${fixed(result.wallSeconds, 1)} s; rate between first and last acceptance ${fixed(result.ratePerSecond, 1)}/s (${fixed(result.ratePerSecond / result.limitPerSecond, 3)} of the limit).

${table(
	['Accepted', 'Elapsed s', 'n8n RSS MB', 'n8n CPU s', 'Sandbox CPU s'],
	result.samples.map((sample) => [
		String(sample.accepted),
		fixed(sample.elapsedSeconds, 1),
		fixed(sample.rssMb, 0),
		fixed(sample.n8nCpuSeconds, 1),
		fixed(sample.sandboxCpuSeconds, 1),
	]),
)}

CPU per accepted notification between the first and the last sample: n8n ${cpuPerSend(result, 'n8nCpuSeconds')} ms, sandbox
${cpuPerSend(result, 'sandboxCpuSeconds')} ms. With 2 cores and both on this machine, that puts the ceiling near
2,000 / (n8n + sandbox ms) notifications per second, whatever else runs; the rate measured above is lower when other
work takes the cores (load average above).
`;
}

/** First and last fifth of the run side by side: bounded memory levels off, growth shows as a rise. */
function rssSummary(samples: Array<{ events: number; rssMb: number }>): string {
	if (samples.length < 5) return `was sampled ${samples.length} times`;
	const fifth = Math.ceil(samples.length / 5);
	const range = (part: typeof samples) =>
		`${fixed(Math.min(...part.map((sample) => sample.rssMb)), 0)}–${fixed(Math.max(...part.map((sample) => sample.rssMb)), 0)} MB`;
	const early = samples.slice(0, fifth);
	const late = samples.slice(-fifth);
	return `ranged ${range(early)} over events ${early[0].events}–${early[early.length - 1].events} and ${range(late)} over events ${late[0].events}–${late[late.length - 1].events}`;
}

function stateSection(result: BenchResults['stateGrowth']): string {
	const title = '## 3. Memory and stored state under many events\n';
	const problem = failed(result);
	if (problem || !result || 'error' in result) return `${title}\n${problem}\n`;
	const samples = table(
		['Events sent', 'Executions ended', 'Elapsed s', 'n8n RSS MB', 'Static data bytes', 'Event ids remembered', 'Customers remembered', 'Failed requests so far'],
		result.samples.map((sample) => [
			String(sample.events),
			String(sample.executionsEnded),
			fixed(sample.elapsedSeconds, 0),
			fixed(sample.rssMb, 0),
			String(sample.staticDataBytes),
			String(sample.rememberedEvents),
			String(sample.rememberedCustomers),
			String(sample.failedRequests),
		]),
	);
	const loaded = result.samples.filter((sample) => sample.events > 0);
	const maxBytes = Math.max(...loaded.map((sample) => sample.staticDataBytes));
	const last = loaded[loaded.length - 1];
	// The cap is only shown to hold once more customers and events went through than it keeps.
	const customersSeen = last === undefined ? 0 : Math.min(last.events, result.customers);
	const capExercised = last !== undefined && customersSeen > CUSTOMER_LIMIT && last.events > RECENT_EVENT_LIMIT;
	const withinCap = last !== undefined && last.rememberedEvents <= RECENT_EVENT_LIMIT && last.rememberedCustomers <= CUSTOMER_LIMIT;
	const boundedVerdict = !withinCap
		? '**not met** (the stored state holds more than the caps)'
		: capExercised
			? '**met** (more customers went through than the cap, and the stored state stayed within it)'
			: `**not shown** (only ${customersSeen} customers went through, fewer than the ${CUSTOMER_LIMIT} the trigger keeps)`;
	const reach =
		result.stoppedBy === 'target'
			? `All ${result.reachedEvents} events went through.`
			: `Only ${result.reachedEvents} of the ${result.targetEvents} events went through within the ${result.budgetSeconds} s budget on this machine; the table shows what was measured, nothing is extrapolated.`;
	return `${title}
One published \`Channel360 Trigger → NoOp\` workflow, Use Conversation History off (history
look-ups do not change what the trigger stores, and would halve the events that fit the time
budget; everything else default); deliveries from
${result.customers} customers (customer = event number modulo ${result.customers}), each with a new message id, sent by
${result.loadGenerator}, to an n8n started with ${result.n8nSettings ?? 'default settings'} (see 1b: without it n8n
makes a new isolate per webhook call, and the events would not fit the time budget). After each chunk, once its executions have ended (n8n's database) and 1 s more: VmRSS of the n8n main process
(/proc/<pid>/status; task runners not included) and the workflow's \`staticData\` column in n8n's
SQLite database. ${reach}

${samples}

The trigger's memory is capped at ${RECENT_EVENT_LIMIT} event ids and ${CUSTOMER_LIMIT} customers (nodes/Channel360/core/triggerMemory.ts).
Largest stored static data after load: ${maxBytes} bytes; last sample remembers ${last?.rememberedEvents ?? 0} event ids and
${last?.rememberedCustomers ?? 0} customers. Goal (bounded, not growing with the number of events) for the stored state: ${boundedVerdict}.
n8n's resident memory ${rssSummary(loaded)}. It includes n8n's own caches and the executions it keeps; read it as
context, not as the trigger's footprint.
`;
}

type Section<T> = T | { error: string } | undefined;

function measured<T extends object>(section: Section<T>): T | undefined {
	return section && !('error' in section) ? section : undefined;
}

/** One line per goal of issue 6, first in the report. */
function summary(results: BenchResults): string {
	const rows: string[][] = [];
	const trigger = (result: Section<TriggerOverheadResult>, where: string) => {
		const data = measured(result);
		if (!data) return;
		for (const arm of data.arms.filter((candidate) => candidate.key !== data.baseline && candidate.key !== data.control)) {
			const value = data.medianRatio[arm.key];
			rows.push([`${where}: ${arm.label} / core Webhook, processed deliveries per second`, '≥ 0.9', fixed(value, 2), verdict(value >= 0.9)]);
			if (data.control === undefined) continue;
			const control = data.arms.find((candidate) => candidate.key === data.control)!;
			const toControl = data.medianRatioToControl[arm.key];
			rows.push([`${where}: ${arm.label} / ${control.label}`, '(context)', fixed(toControl, 2), '']);
			rows.push([`${where}: ${control.label} / core Webhook`, '(context)', fixed(data.medianRatio[control.key], 2), '']);
		}
	};
	trigger(results.triggerOverhead, '1');
	trigger(results.triggerOverheadLazyIsolates, '1b (isolates taken lazily)');
	trigger(results.triggerOverheadLegacyEngine, '1c (legacy expression engine)');
	const outreachRows = (outreachData: OutreachResult | undefined, where: string) => {
		for (const arm of outreachData?.arms ?? []) {
			const runs = outreachData!.runs.filter((run) => run.arm === arm.key);
			const value = outreachData!.medianFraction[arm.key];
			const lost = runs.reduce((sum, run) => sum + run.lost, 0);
			const duplicated = runs.reduce((sum, run) => sum + run.duplicates, 0);
			rows.push([
				`${where}: ${arm.label}, fraction of the ${outreachData!.limitPerSecond}/s limit (median of ${runs.length} runs); lost; duplicated`,
				'≥ 0.95; 0; 0',
				`${fixed(value, 2)}; ${lost}; ${duplicated}`,
				verdict(value >= 0.95 && lost === 0 && duplicated === 0),
			]);
		}
	};
	outreachRows(measured(results.outreach), '2');
	outreachRows(measured(results.outreachUpgradedTier), '2b');
	const scale = measured(results.outreachScale);
	if (scale) {
		const rss = scale.samples.map((sample) => `${sample.accepted}: ${fixed(sample.rssMb, 0)} MB`).join(', ');
		rows.push([`2c: ${scale.recipients} recipients in one execution: lost; duplicated; wall time; n8n RSS`, '0; 0; flat', `${scale.lost}; ${scale.duplicates}; ${fixed(scale.wallSeconds, 0)} s; ${rss}`, '']);
	}
	const state = measured(results.stateGrowth);
	const last = state?.samples[state.samples.length - 1];
	if (state && last) {
		rows.push([
			`3: trigger's stored state after ${last.events} events (${Math.min(last.events, state.customers)} customers)`,
			'bounded',
			`${last.staticDataBytes} bytes, ${last.rememberedCustomers} customers, ${last.rememberedEvents} event ids`,
			last.rememberedCustomers <= CUSTOMER_LIMIT && last.rememberedEvents <= RECENT_EVENT_LIMIT ? 'within the caps' : '**over the caps**',
		]);
	}
	return rows.length === 0 ? '' : `## Summary\n\n${table(['Measure', 'Goal', 'Measured', 'Verdict'], rows)}\n`;
}

export function renderReport(results: BenchResults): string {
	const m = results.machine;
	const v = results.versions;
	return `# Benchmarks

Written by \`${results.command}\` (bench/run.ts) from ${results.startedAt} to ${results.finishedAt}${results.quick ? ' — a **quick smoke run**, too short for conclusions' : ''}.
Regenerate with \`npm run bench\` (\`bench/setup.sh\` installs wrk first; \`npm run bench -- --quick\` is a short smoke run).

**How to read these figures.** This machine has ${m.cores} cores and other work may run on it at
the same time (load average ${m.loadAverageAtStart.join(' / ')} at the start, ${results.loadAverageAtEnd.join(' / ')} at the end). So every claim is a
ratio between arms run in interleaved rounds (A, B, A, B, …) within one invocation, reported
per round and as the median; absolute rates and latencies are printed for context only.

${summary(results)}
## Machine and versions

| | |
|---|---|
| CPU | ${m.cpu}, ${m.cores} cores |
| Memory | ${m.memoryGb} GB |
| Kernel | ${m.kernel} |
| n8n | ${v.n8n} on node ${v.n8nNode} (pinned by scripts/install-n8n.sh), SQLite, regular mode |
| Package | n8n-nodes-channel360 ${v.package} at ${v.packageCommit}, packed and installed as a community package |
| Bench runner | node ${v.benchNode}; Channel360 sandbox in the same process |
| Load generator | ${v.loadGenerator} |

${triggerSection(results.triggerOverhead, "## 1. Trigger overhead: Channel360 Trigger vs n8n's core Webhook node\n")}
${triggerSection(
	results.triggerOverheadLazyIsolates,
	`## 1b. The same with isolates taken only when an expression needs one

n8n ${v.n8n}'s default expression engine (\`N8N_EXPRESSION_ENGINE=vm\`) takes an isolate for every
webhook call of every trigger but the current core Webhook node, whether or not an expression is
evaluated, and each one taken under load is a new isolate (see the control arm above). With
\`N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true\`, an n8n setting, the engine stays the same but takes an
isolate only when an expression is evaluated: the Channel360 Trigger evaluates none when it
receives a delivery, so it then costs what the core Webhook node costs. The Webhook node at
version 1 still evaluates one per call. A second n8n started with that setting, fewer rounds.
`,
	false,
)}
${triggerSection(
	results.triggerOverheadLegacyEngine,
	`## 1c. The same with n8n's legacy expression engine

\`N8N_EXPRESSION_ENGINE=legacy\` evaluates expressions without isolates at all: what is left of the
gap is the trigger's own work (verification, duplicate filter, window memory saved as static
data after every delivery). A third n8n started with that setting, fewer rounds.
`,
	false,
)}
${outreachSection(results.outreach)}
${results.outreachUpgradedTier ? outreachSection(results.outreachUpgradedTier, "## 2b. Outreach at WhatsApp's upgraded tier, 1,000 per second\n") : ''}
${results.outreachScale ? outreachScaleSection(results.outreachScale) : ''}
${stateSection(results.stateGrowth)}`;
}
