/**
 * Sends exactly `count` deliveries with a fixed number of requests in flight, over node's http
 * Agent with keep-alive: for the state-growth benchmark, which samples after every N events
 * (wrk runs for a duration, not a count).
 */
import { Agent, request } from 'http';

export interface CountedLoadResult {
	sent: number;
	/** Responses other than 2xx, by status ('error' for a failed connection). */
	failures: Record<string, number>;
}

function post(agent: Agent, url: URL, body: string): Promise<number | 'error'> {
	return new Promise((resolve) => {
		const outgoing = request(
			url,
			{ method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
			(response) => {
				response.resume();
				response.once('end', () => resolve(response.statusCode ?? 0));
				response.once('error', () => resolve('error'));
			},
		);
		outgoing.setTimeout(30_000, () => outgoing.destroy(new Error('timeout')));
		outgoing.once('error', () => resolve('error'));
		outgoing.end(body);
	});
}

export async function sendCounted(
	url: string,
	count: number,
	concurrency: number,
	bodyOf: (sequence: number) => string,
): Promise<CountedLoadResult> {
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const target = new URL(url);
	const failures: Record<string, number> = {};
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const sequence = next++;
			const status = await post(agent, target, bodyOf(sequence));
			if (status === 'error' || status < 200 || status >= 300) failures[String(status)] = (failures[String(status)] ?? 0) + 1;
		}
	};
	try {
		await Promise.all(Array.from({ length: concurrency }, worker));
	} finally {
		agent.destroy();
	}
	return { sent: count, failures };
}
