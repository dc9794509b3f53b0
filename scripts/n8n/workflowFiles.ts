/**
 * The example workflows and the credential, as the n8n CLI imports them. Examples reference
 * the credential by a fixed id and name, so the harness imports the credential under that id.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import { repoRoot } from './repoRoot';

export const CREDENTIAL_TYPE = 'channel360Api';

export interface CredentialReference {
	id: string;
	name: string;
}

export interface Channel360Connection {
	baseUrl: string;
	organizationId: string;
	apiToken: string;
}

export interface WorkflowNodeJson {
	id?: string;
	name: string;
	type: string;
	typeVersion?: number;
	position?: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, CredentialReference>;
}

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: WorkflowNodeJson[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export function readExample(fileName: string): WorkflowJson {
	return JSON.parse(readFileSync(join(repoRoot(), 'examples', fileName), 'utf8')) as WorkflowJson;
}

/** The credential the examples' Channel360 nodes point to (users pick their own on import). */
export const EXAMPLE_CREDENTIAL: CredentialReference = { id: 'c360Credential01', name: 'Channel360 account' };

/** The credentials the workflow's Channel360 nodes point to. */
export function credentialsOf(workflow: WorkflowJson): CredentialReference[] {
	return workflow.nodes.flatMap((node) => (node.credentials?.[CREDENTIAL_TYPE] ? [node.credentials[CREDENTIAL_TYPE]] : []));
}

/** Writes the credential as `n8n import:credentials --input` reads it (n8n encrypts `data`). */
export function writeCredentialFile(folder: string, reference: CredentialReference, connection: Channel360Connection): string {
	const file = join(folder, 'credentials.json');
	const credential = { ...reference, type: CREDENTIAL_TYPE, data: { ...connection } };
	writeFileSync(file, JSON.stringify([credential], null, 2), { mode: 0o600 });
	return file;
}

/** One file per workflow in a fresh folder, for `n8n import:workflow --separate --input`. */
export function writeWorkflowFolder(folder: string, workflows: WorkflowJson[]): string {
	mkdirSync(folder, { recursive: true });
	for (const workflow of workflows) {
		writeFileSync(join(folder, `${workflow.id}.json`), JSON.stringify({ ...workflow, active: false }, null, 2));
	}
	return folder;
}
