/**
 * What n8n holds for a workflow, read from outside: its process's resident memory and the
 * workflow's static data in n8n's SQLite database (read with node 24's node:sqlite, which the
 * machine's node 20 lacks), while n8n runs. Only SELECTs; the connection is not opened read-only
 * because a read-only connection cannot open a WAL database reliably.
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

const READ_STATIC_DATA = `
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv[1]);
db.exec('PRAGMA busy_timeout = 5000');
const row = db.prepare('SELECT staticData FROM workflow_entity WHERE id = ?').get(process.argv[2]);
process.stdout.write(row && row.staticData != null ? String(row.staticData) : '');
`;

/** The workflow's staticData column as stored (JSON text), or '' when n8n stored none. */
export async function storedStaticData(node24: string, userFolder: string, workflowId: string): Promise<string> {
	const database = join(userFolder, '.n8n', 'database.sqlite');
	const { stdout } = await run(node24, ['--no-warnings', '-e', READ_STATIC_DATA, database, workflowId], { maxBuffer: 64 << 20 });
	return stdout;
}
