/**
 * Benchmark 2c: 100,000 recipients in one execution of the Channel360 node at 1,000 messages per
 * second against the sandbox (limit 1,000/s). The workflow is started through a core Webhook
 * node so that it runs inside the n8n server process, whose resident memory (VmRSS) is read
 * when the sandbox has accepted 10k, 50k and 100k notifications.
 */
import { readFileSync } from 'fs';

import { residentKb } from '../scripts/n8n';
import type { BenchContext } from './context';
import { sleep } from './context';
import { prepareOutreachSandbox } from './outreach';

export interface OutreachScaleSample {
	accepted: number;
	elapsedSeconds: number;
	rssMb: number;
	/** CPU time (user + system) of the n8n server process so far, and of this process (the sandbox). */
	n8nCpuSeconds: number;
	sandboxCpuSeconds: number;
}

/** utime + stime of a process in seconds (Linux /proc, clock ticks of 1/100 s). */
function cpuSecondsOf(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

function sandboxCpuSeconds(): number {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1e6;
}

export interface OutreachScaleResult {
	recipients: number;
	messagesPerSecond: number;
	limitPerSecond: number;
	/** From the webhook call to the last accepted notification. */
	wallSeconds: number;
	accepted: number;
	uniqueRecipients: number;
	lost: number;
	duplicates: number;
	/** Accepted per second between the first and the last acceptance. */
	ratePerSecond: number;
	samples: OutreachScaleSample[];
	loadAverage: number[];
}

export async function outreachScale(
	ctx: BenchContext,
	workflow: { id: string; path: string },
	settings: { recipients: number; messagesPerSecond: number; checkpoints: number[]; stallSeconds: number },
): Promise<OutreachScaleResult> {
	const pid = ctx.env.n8n.pid;
	if (pid === undefined) throw new Error('n8n has no process id');
	prepareOutreachSandbox(ctx, settings.messagesPerSecond);
	const before = ctx.sandbox.notifications().length;
	try {
		await ctx.env.api.activate(workflow.id);
		const take = (accepted: number, elapsedSeconds: number): OutreachScaleSample => ({
			accepted,
			elapsedSeconds,
			rssMb: residentKb(pid) / 1024,
			n8nCpuSeconds: cpuSecondsOf(pid),
			sandboxCpuSeconds: sandboxCpuSeconds(),
		});
		const samples: OutreachScaleSample[] = [take(0, 0)];
		const started = Date.now();
		// n8n registers the production webhook a moment after the activation call returns.
		for (let tries = 0; ; tries++) {
			const response = await fetch(`${ctx.env.n8n.url}/webhook/${workflow.path}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
			if (response.ok) break;
			if (response.status !== 404 || tries >= 60) throw new Error(`starting the outreach workflow: HTTP ${response.status}`);
			await sleep(500);
		}
		const pending = [...settings.checkpoints];
		let lastCount = 0;
		let lastChange = Date.now();
		for (;;) {
			await sleep(200);
			const count = ctx.sandbox.notifications().length - before;
			if (count !== lastCount) {
				lastCount = count;
				lastChange = Date.now();
			}
			while (pending.length > 0 && count >= pending[0]) {
				pending.shift();
				samples.push(take(count, (Date.now() - started) / 1000));
				ctx.log(`  ${count} accepted after ${samples[samples.length - 1].elapsedSeconds.toFixed(0)} s: n8n RSS ${samples[samples.length - 1].rssMb.toFixed(0)} MB`);
			}
			if (count >= settings.recipients || Date.now() - lastChange > settings.stallSeconds * 1000) break;
		}
		const accepted = ctx.sandbox.notifications().slice(before);
		const times = accepted.map((notification) => notification.statusHistory[0]?.at ?? Number.NaN).sort((a, b) => a - b);
		const unique = new Set(accepted.map((notification) => notification.destination)).size;
		return {
			recipients: settings.recipients,
			messagesPerSecond: settings.messagesPerSecond,
			limitPerSecond: settings.messagesPerSecond,
			wallSeconds: times.length > 0 ? (times[times.length - 1] - started) / 1000 : Number.NaN,
			accepted: accepted.length,
			uniqueRecipients: unique,
			lost: settings.recipients - unique,
			duplicates: accepted.length - unique,
			ratePerSecond: times.length > 1 ? ((times.length - 1) * 1000) / (times[times.length - 1] - times[0]) : Number.NaN,
			samples,
			loadAverage: (await import('os')).loadavg().map((value) => Math.round(value * 100) / 100),
		};
	} finally {
		ctx.sandbox.setRateLimit(null);
	}
}
