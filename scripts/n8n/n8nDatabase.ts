/**
 * What n8n holds for a workflow, read from outside: its process's resident memory, and from
 * n8n's SQLite database the workflow's static data and how many of its executions finished
 * (read with node 24's node:sqlite, which the machine's node 20 lacks), while n8n runs. Only
 * SELECTs; the connection is not opened read-only because a read-only connection cannot open a
 * WAL database reliably.
 */
import { execFile } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

/** VmRSS of a process in kB (Linux /proc). */
export function residentKb(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
	if (!match) throw new Error(`no VmRSS for process ${pid}`);
	return Number(match[1]);
}

const QUERY_ONE_VALUE = `
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv[1]);
db.exec('PRAGMA busy_timeout = 5000');
const row = db.prepare(process.argv[2]).get(...process.argv.slice(3));
const value = row ? Object.values(row)[0] : null;
process.stdout.write(value == null ? '' : String(value));
`;

async function queryOneValue(node24: string, userFolder: string, sql: string, ...parameters: string[]): Promise<string> {
	const database = join(userFolder, '.n8n', 'database.sqlite');
	const { stdout } = await run(node24, ['--no-warnings', '-e', QUERY_ONE_VALUE, database, sql, ...parameters], { maxBuffer: 64 << 20 });
	return stdout;
}

/** The workflow's staticData column as stored (JSON text), or '' when n8n stored none. */
export async function storedStaticData(node24: string, userFolder: string, workflowId: string): Promise<string> {
	return await queryOneValue(node24, userFolder, 'SELECT staticData FROM workflow_entity WHERE id = ?', workflowId);
}

/** Executions of the workflow that ended (any outcome), including ones n8n already pruned softly. */
export async function endedExecutions(node24: string, userFolder: string, workflowId: string): Promise<number> {
	const count = await queryOneValue(
		node24,
		userFolder,
		"SELECT count(*) FROM execution_entity WHERE workflowId = ? AND status NOT IN ('new', 'running', 'waiting')",
		workflowId,
	);
	return Number(count || 0);
}

/**
 * Waits until `expected` executions of the workflow ended, or until none ended for `stallMs`
 * (n8n dropped some); returns the count and when the last one was seen.
 */
export async function drainExecutions(
	node24: string,
	userFolder: string,
	workflowId: string,
	expected: number,
	stallMs = 60_000,
): Promise<{ ended: number; at: number }> {
	let ended = await endedExecutions(node24, userFolder, workflowId);
	let at = Date.now();
	while (ended < expected && Date.now() - at < stallMs) {
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		const now = await endedExecutions(node24, userFolder, workflowId);
		if (now > ended) {
			ended = now;
			at = Date.now();
		}
	}
	return { ended, at };
}

/** Runs SQL against the database of a queue-mode cluster (services.ts: psql from Debian's package). */
export interface PsqlRunner {
	psql(sql: string, variables?: Record<string, string>): Promise<string>;
}

/** The same reads as above, from the PostgreSQL database n8n uses in queue mode. */
export class N8nPostgresDatabase {
	constructor(private readonly postgres: PsqlRunner) {}

	/** The workflow's staticData column as stored (JSON text), or '' when n8n stored none. */
	async storedStaticData(workflowId: string): Promise<string> {
		const value = await this.postgres.psql(`SELECT "staticData" FROM workflow_entity WHERE id = :'workflow'`, { workflow: workflowId });
		return value.trim();
	}

	/** How many executions the workflow has, and how many of them ended (any outcome). */
	async executionCounts(workflowId: string): Promise<{ total: number; ended: number }> {
		const row = await this.postgres.psql(
			`SELECT count(*) || ' ' || count(*) FILTER (WHERE status NOT IN ('new', 'running', 'waiting')) FROM execution_entity WHERE "workflowId" = :'workflow'`,
			{ workflow: workflowId },
		);
		const [total, ended] = row.trim().split(' ').map(Number);
		return { total, ended };
	}

	/** Every execution of the workflow (any state), when n8n created it (epoch ms), and its stored run data as n8n serialised it. */
	async executionData(workflowId: string): Promise<Array<{ id: string; status: string; createdAtMs: number; data: string }>> {
		const json = await this.postgres.psql(
			`SELECT coalesce(json_agg(json_build_object('id', e.id::text, 'status', e.status, 'createdAtMs', floor(extract(epoch FROM e."createdAt") * 1000), 'data', coalesce(d.data, ''))), '[]')
			 FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = :'workflow'`,
			{ workflow: workflowId },
		);
		return JSON.parse(json.trim() || '[]') as Array<{ id: string; status: string; createdAtMs: number; data: string }>;
	}
}
