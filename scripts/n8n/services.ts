/**
 * PostgreSQL and Redis for n8n's queue mode, from Debian's packages (installed when missing by
 * scripts/queue/install-services.sh), started by hand on free loopback ports in a temporary
 * folder: never as system services, never on their well-known ports. Each is a tracked child
 * process (stopped by its own pid, also when the test runner dies: see processes.ts).
 */
import { execFile, spawn, type ChildProcess } from 'child_process';
import { chownSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'fs';
import { connect } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';

import { freePort } from './ports';
import { stopProcess, track } from './processes';
import { repoRoot } from './repoRoot';

const run = promisify(execFile);

export interface ServiceBinaries {
	/** Folder with initdb, postgres and psql (Debian: /usr/lib/postgresql/<major>/bin). */
	postgresBin: string;
	redisServer: string;
}

function valueOf(stdout: string, key: string): string {
	const line = stdout.split('\n').find((candidate) => candidate.startsWith(`${key}=`));
	if (!line) throw new Error(`install-services.sh printed no ${key}=… line`);
	return line.slice(key.length + 1).trim();
}

/** Runs the install script: instant when both are installed, about a minute on a fresh Debian. */
export async function installServices(): Promise<ServiceBinaries> {
	const script = join(repoRoot(), 'scripts', 'queue', 'install-services.sh');
	const { stdout } = await run('bash', [script], { maxBuffer: 16 << 20 });
	return { postgresBin: valueOf(stdout, 'PG_BIN'), redisServer: valueOf(stdout, 'REDIS_SERVER') };
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>, logFile: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) {
			let tail = '';
			try {
				tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
			} catch {
				// no log yet
			}
			throw new Error(`${what} did not start within ${timeoutMs / 1000} s\n--- log (tail) ---\n${tail}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

function spawnLogged(command: string, args: string[], logFile: string): ChildProcess {
	const log = openSync(logFile, 'a');
	try {
		const child = spawn(command, args, { stdio: ['ignore', log, log], detached: true });
		track(child);
		return child;
	} finally {
		closeSync(log);
	}
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user the package created. */
async function asPostgresUser(folder: string): Promise<string[]> {
	if (process.getuid?.() !== 0) return [];
	const { stdout } = await run('id', ['-u', 'postgres']);
	const { stdout: group } = await run('id', ['-g', 'postgres']);
	chownSync(folder, Number(stdout.trim()), Number(group.trim()));
	return ['runuser', '-u', 'postgres', '--'];
}

export interface PostgresServer {
	host: string;
	port: number;
	user: string;
	database: string;
	/** Runs `sql` through psql; `:'name'` in it is replaced by the quoted variable. Returns stdout (unaligned, tuples only). */
	psql(sql: string, variables?: Record<string, string>): Promise<string>;
	stop(): Promise<void>;
}

/**
 * A throw-away cluster: initdb with trust authentication into a temporary folder, then
 * `postgres` on a free port, and a database for n8n. Durability is switched off (fsync,
 * synchronous commit): the data lives for one test run, and a 2-core CI machine is slow enough.
 */
export async function startPostgres(binaries: ServiceBinaries, database = 'n8n'): Promise<PostgresServer> {
	const folder = mkdtempSync(join(tmpdir(), `c360-pg-${process.pid}-`));
	const dataDir = join(folder, 'data');
	const logFile = join(folder, 'postgres.log');
	const runAs = await asPostgresUser(folder);
	const user = 'postgres';
	const [command, ...prefix] = [...runAs, join(binaries.postgresBin, 'initdb')];
	await run(command, [...prefix, '-D', dataDir, '-A', 'trust', '-U', user, '-E', 'UTF8', '--no-sync'], { cwd: folder });

	const port = await freePort();
	const [serverCommand, ...serverPrefix] = [...runAs, join(binaries.postgresBin, 'postgres')];
	const child = spawnLogged(
		serverCommand,
		[
			...serverPrefix,
			'-D', dataDir,
			'-p', String(port),
			'-k', folder,
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'max_connections=200',
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
		],
		logFile,
	);
	const psqlBinary = join(binaries.postgresBin, 'psql');
	const psql = async (sql: string, variables: Record<string, string> = {}, db = database): Promise<string> => {
		const args = ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', db, '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1'];
		for (const [name, value] of Object.entries(variables)) args.push('-v', `${name}=${value}`);
		// Variables are interpolated in psql's input, not in -c: the statement goes through stdin.
		return await new Promise((resolve, reject) => {
			const child = execFile(psqlBinary, args, { maxBuffer: 256 << 20 }, (error, stdout, stderr) =>
				error ? reject(new Error(`psql: ${stderr || error.message}`)) : resolve(stdout),
			);
			child.stdin?.end(sql);
		});
	};
	const stop = async () => {
		await stopProcess(child);
		rmSync(folder, { recursive: true, force: true });
	};
	try {
		await until('PostgreSQL', 60_000, async () => {
			if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}: ${readFileSync(logFile, 'utf8')}`);
			try {
				await psql('SELECT 1', {}, 'postgres');
				return true;
			} catch {
				return false;
			}
		}, logFile);
		await psql(`CREATE DATABASE ${database}`, {}, 'postgres');
	} catch (error) {
		await stop();
		throw error;
	}
	return { host: '127.0.0.1', port, user, database, psql: async (sql, variables) => await psql(sql, variables), stop };
}

export interface RedisServer {
	host: string;
	port: number;
	stop(): Promise<void>;
}

async function answersPing(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		let reply = '';
		socket.setTimeout(1_000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			reply += chunk.toString('utf8');
			if (reply.includes('\r\n')) socket.end();
		});
		socket.on('close', () => resolve(reply.startsWith('+PONG')));
		socket.on('error', () => resolve(false));
	});
}

/** redis-server on a free port, loopback only, nothing persisted. */
export async function startRedis(binaries: ServiceBinaries): Promise<RedisServer> {
	const folder = mkdtempSync(join(tmpdir(), `c360-redis-${process.pid}-`));
	const logFile = join(folder, 'redis.log');
	const port = await freePort();
	const child = spawnLogged(
		binaries.redisServer,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder, '--daemonize', 'no'],
		logFile,
	);
	const stop = async () => {
		await stopProcess(child);
		rmSync(folder, { recursive: true, force: true });
	};
	try {
		await until('Redis', 30_000, async () => await answersPing(port), logFile);
	} catch (error) {
		await stop();
		throw error;
	}
	return { host: '127.0.0.1', port, stop };
}
