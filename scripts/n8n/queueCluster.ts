/**
 * n8n in queue mode, as users scale it out, on one machine: PostgreSQL and Redis (Debian's
 * packages, started by hand), an n8n main (`n8n start`, editor and API, publishes workflows),
 * webhook processes (`n8n webhook`) behind a round-robin balancer, and workers (`n8n worker`).
 * Every n8n process has its own user folder with the packed package installed, and the
 * environment n8n documents for queue mode (see docs in README "Queue mode"). Everything is
 * stopped by stop(), on Ctrl-C, and by the watchdog when the test runner dies.
 */
import { mkdirSync, rmSync } from 'fs';
import { join } from 'path';

import { RoundRobinBalancer } from './balancer';
import { importData, newWorkFolder } from './environment';
import { installN8n, type N8nInstall } from './install';
import { DEFAULT_OWNER, N8nPublicApi, N8nSession } from './n8nApi';
import { logFileIn, N8nServer, type N8nCommand, type N8nSettings } from './n8nServer';
import { installPackedPackage, packPackage } from './packageInstall';
import { freePort } from './ports';
import { onShutdown } from './processes';
import { installServices, startPostgres, startRedis, type PostgresServer, type RedisServer } from './services';
import type { Channel360Connection, WorkflowJson } from './workflowFiles';

export interface QueueClusterOptions {
	connection: Channel360Connection;
	workflows: WorkflowJson[];
	/** Default 2. */
	webhookProcesses?: number;
	/** Default 1. */
	workers?: number;
	install?: N8nInstall;
	log?: (line: string) => void;
}

/** One n8n process of the cluster, restartable with the same ports and user folder. */
export class ClusterProcess {
	private running: N8nServer | undefined;

	constructor(
		readonly command: N8nCommand,
		readonly settings: N8nSettings,
	) {}

	get server(): N8nServer {
		if (!this.running) throw new Error(`n8n ${this.command} on port ${this.settings.port} is not running`);
		return this.running;
	}

	/** Where it listens (a worker: its health-check port). */
	get url(): string {
		return `http://127.0.0.1:${this.settings.port}`;
	}

	async start(): Promise<void> {
		this.running = await N8nServer.start(this.settings, 240_000, this.command);
	}

	/** SIGTERM (n8n shuts down gracefully), SIGKILL after 10 s. */
	async stop(): Promise<void> {
		await this.running?.stop();
		this.running = undefined;
	}

	logTail(lines = 40): string {
		return this.running?.logTail(lines) ?? '(not running)';
	}
}

export interface QueueCluster {
	postgres: PostgresServer;
	redis: RedisServer;
	balancer: RoundRobinBalancer;
	main: ClusterProcess;
	webhooks: ClusterProcess[];
	workers: ClusterProcess[];
	api: N8nPublicApi;
	session: N8nSession;
	install: N8nInstall;
	/** The tail of every n8n process's log, for a failing test. */
	logTails(lines?: number): string;
	stop(): Promise<void>;
}

/** What every n8n process of one cluster shares (n8n's queue-mode documentation). */
function queueEnvironment(postgres: PostgresServer, redis: RedisServer, webhookUrl: string): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: 'trust-authentication',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// Production webhooks reach the webhook processes only (through the balancer).
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// n8n 2.40 reads both; WEBHOOK_URL is the name most deployment guides use.
		WEBHOOK_URL: webhookUrl,
	};
}

export async function startQueueCluster(options: QueueClusterOptions): Promise<QueueCluster> {
	const log = options.log ?? (() => undefined);
	const [install, binaries] = await Promise.all([options.install ?? installN8n(), installServices()]);
	const work = newWorkFolder();
	const started: Array<{ stop(): Promise<void> }> = [];
	const processes: ClusterProcess[] = [];
	const stop = async () => {
		unregister();
		await Promise.all(processes.map(async (process) => await process.stop()));
		for (const service of started.reverse()) await service.stop();
		rmSync(work, { recursive: true, force: true });
	};
	const unregister = onShutdown(stop);
	try {
		log('starting PostgreSQL and Redis');
		const postgres = await startPostgres(binaries);
		started.push(postgres);
		const redis = await startRedis(binaries);
		started.push(redis);
		const balancer = await RoundRobinBalancer.start();
		started.push(balancer);
		const webhookUrl = `${balancer.url}/`;
		const shared = queueEnvironment(postgres, redis, webhookUrl);

		log('packing the package and installing it into every process\'s user folder');
		const tarball = await packPackage(work);
		const processFor = async (command: N8nCommand, name: string, env: Record<string, string> = {}): Promise<ClusterProcess> => {
			const userFolder = join(work, name);
			mkdirSync(userFolder, { recursive: true });
			await installPackedPackage(tarball, userFolder);
			const port = await freePort();
			const settings: N8nSettings = {
				install,
				userFolder,
				port,
				brokerPort: await freePort(),
				webhookUrl,
				logFile: logFileIn(userFolder),
				env: { ...shared, ...env, ...(command === 'worker' ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port) } : {}) },
			};
			const process = new ClusterProcess(command, settings);
			processes.push(process);
			return process;
		};
		const main = await processFor('start', 'main');
		const webhooks = await Promise.all(
			Array.from({ length: options.webhookProcesses ?? 2 }, async (_, index) => await processFor('webhook', `webhook-${index + 1}`)),
		);
		const workers = await Promise.all(
			Array.from({ length: options.workers ?? 1 }, async (_, index) => await processFor('worker', `worker-${index + 1}`)),
		);
		balancer.setBackends(webhooks.map((process) => process.url));

		log('importing the credential and workflows into PostgreSQL (migrates the database)');
		await importData(main.settings, options, work);
		log('starting the n8n main process');
		await main.start();
		const session = await N8nSession.ownerSession(main.url, DEFAULT_OWNER);
		const api = new N8nPublicApi(main.url, await session.createApiKey());
		// One after another: on 2 cores, parallel start-ups only slow each other down.
		for (const process of [...webhooks, ...workers]) {
			log(`starting n8n ${process.command} on port ${process.settings.port}`);
			await process.start();
		}
		return {
			postgres,
			redis,
			balancer,
			main,
			webhooks,
			workers,
			api,
			session,
			install,
			logTails: (lines = 30) =>
				processes.map((process) => `--- n8n ${process.command} :${process.settings.port} ---\n${process.logTail(lines)}`).join('\n'),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
