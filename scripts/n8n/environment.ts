/**
 * A running n8n (the pinned version, node 24) with the packed package installed as a community
 * package, the credential and workflows imported, an owner and an API key: what the e2e suite
 * and `npm start` both need. Everything started here is stopped by stop(), also on Ctrl-C.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { installN8n, type N8nInstall } from './install';
import { DEFAULT_OWNER, N8nPublicApi, N8nSession, type OwnerAccount } from './n8nApi';
import { logFileIn, N8nServer, runN8nCommand, type N8nSettings } from './n8nServer';
import { installPackedPackage, packageRecord, packPackage, recordInstalledPackage } from './packageInstall';
import { freePort } from './ports';
import { onShutdown } from './processes';
import {
	credentialsOf,
	EXAMPLE_CREDENTIAL,
	writeCredentialFile,
	writeWorkflowFolder,
	type Channel360Connection,
	type CredentialReference,
	type WorkflowJson,
} from './workflowFiles';

export interface EnvironmentOptions {
	/** Where Channel360 (or the sandbox) is, and the organisation's credentials. */
	connection: Channel360Connection;
	workflows: WorkflowJson[];
	/** Id and name the credential is imported under; default the one the examples reference. */
	credential?: CredentialReference;
	/** A folder kept between runs (`npm start`); default a temporary folder removed on stop(). */
	userFolder?: string;
	/** Default: a free port. */
	n8nPort?: number;
	/** Public base URL for webhook URLs (a tunnel to this n8n when Channel360 is real). */
	webhookUrl?: string;
	owner?: OwnerAccount;
	install?: N8nInstall;
	log?: (line: string) => void;
}

export interface N8nEnvironment {
	n8n: N8nServer;
	api: N8nPublicApi;
	session: N8nSession;
	owner: OwnerAccount;
	userFolder: string;
	settings: N8nSettings;
	/** `n8n <args>` against this instance's database (e.g. execute), on a fresh broker port. */
	cli(args: string[]): Promise<void>;
	/** Imports more workflows into the running n8n (they reference the imported credential). */
	importWorkflows(workflows: WorkflowJson[]): Promise<void>;
	stop(): Promise<void>;
}

const WORK_PREFIX = 'c360-n8n-';
/** Work folders of this harness: n8n's, and the queue-mode cluster's PostgreSQL and Redis (services.ts). */
const WORK_FOLDER = /^c360-(?:n8n|pg|redis)-(\d+)-/;

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Work folders of harness runs whose process died before it could clean up (named by its pid). */
function removeAbandonedWorkFolders(): void {
	for (const name of readdirSync(tmpdir())) {
		const pid = Number(WORK_FOLDER.exec(name)?.[1] ?? NaN);
		if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) {
			rmSync(join(tmpdir(), name), { recursive: true, force: true });
		}
	}
}

/** Imports the credential and the workflows with the n8n CLI (the first command migrates the database). */
export async function importData(
	settings: N8nSettings,
	options: Pick<EnvironmentOptions, 'connection' | 'workflows' | 'credential'>,
	work: string,
): Promise<void> {
	const credential = options.credential ?? EXAMPLE_CREDENTIAL;
	for (const workflow of options.workflows) {
		const other = credentialsOf(workflow).find((reference) => reference.id !== credential.id);
		if (other) throw new Error(`workflow "${workflow.name}" uses credential ${other.id}; only ${credential.id} is imported`);
	}
	const file = writeCredentialFile(work, credential, options.connection);
	try {
		await runN8nCommand(settings, ['import:credentials', `--input=${file}`], await freePort());
	} finally {
		rmSync(file, { force: true });
	}
	await importWorkflows(settings, options.workflows, join(work, 'workflows'));
}

export async function importWorkflows(settings: N8nSettings, workflows: WorkflowJson[], folder: string): Promise<void> {
	writeWorkflowFolder(folder, workflows);
	await runN8nCommand(settings, ['import:workflow', '--separate', `--input=${folder}`], await freePort());
}

/** A fresh work folder for this run, named by this process's id (after removing dead runs' folders). */
export function newWorkFolder(): string {
	removeAbandonedWorkFolders();
	return mkdtempSync(join(tmpdir(), `${WORK_PREFIX}${process.pid}-`));
}

export async function startN8nEnvironment(options: EnvironmentOptions): Promise<N8nEnvironment> {
	const log = options.log ?? (() => undefined);
	const install = options.install ?? (await installN8n());
	const work = newWorkFolder();
	const userFolder = options.userFolder ?? join(work, 'user');
	const temporaryUserFolder = options.userFolder === undefined;
	mkdirSync(userFolder, { recursive: true });

	const packageDir = join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-channel360');
	if (existsSync(packageDir)) rmSync(packageDir, { recursive: true, force: true });
	log('packing the package and installing it as a community package');
	const packageName = await installPackedPackage(await packPackage(work), userFolder);

	const port = options.n8nPort ?? (await freePort());
	const settings: N8nSettings = {
		install,
		userFolder,
		port,
		brokerPort: await freePort(),
		webhookUrl: options.webhookUrl,
		logFile: logFileIn(temporaryUserFolder ? work : userFolder),
	};

	let n8n: N8nServer | undefined;
	const stop = async () => {
		unregister();
		await n8n?.stop();
		rmSync(work, { recursive: true, force: true });
		if (temporaryUserFolder) rmSync(userFolder, { recursive: true, force: true });
	};
	const unregister = onShutdown(stop);
	try {
		log('importing the credential and workflows');
		await importData(settings, options, work);
		// The import migrated the database: list the package in Settings → Community nodes.
		await recordInstalledPackage(install.node, userFolder, packageRecord(userFolder, packageName));
		log(`starting n8n on port ${port} (the first start migrates the database: about 30 s)`);
		n8n = await N8nServer.start(settings);
		const owner = options.owner ?? DEFAULT_OWNER;
		const session = await N8nSession.ownerSession(n8n.url, owner);
		const api = new N8nPublicApi(n8n.url, await session.createApiKey());
		return {
			n8n,
			api,
			session,
			owner,
			userFolder,
			settings,
			cli: async (args) => await runN8nCommand(settings, args, await freePort()),
			importWorkflows: async (workflows) => await importWorkflows(settings, workflows, join(work, `workflows-${Date.now()}`)),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
