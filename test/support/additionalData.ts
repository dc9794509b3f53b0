/**
 * The IWorkflowExecuteAdditionalData a node context needs: our credentials helper, the webhook
 * base URLs, lifecycle hooks. Features our nodes never use (sub-workflows, task runners, AI
 * events) fail loudly instead of pretending to work.
 */
import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IWorkflowBase, IWorkflowExecuteAdditionalData, WorkflowExecuteMode } from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentialsHelper';
import { processedDataStore } from './processedDataStore';
import type { LoadedPackage } from './packageTypes';

export interface AdditionalDataOptions {
	pkg: LoadedPackage;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	workflow: IWorkflowBase;
	mode: WorkflowExecuteMode;
	executionId: string;
	/** e.g. http://127.0.0.1:PORT; n8n's webhook URLs are {base}/webhook/... and {base}/webhook-test/... */
	instanceBaseUrl?: string;
}

function unsupported(what: string): never {
	throw new Error(`The engine harness does not support ${what}`);
}

export function buildAdditionalData(options: AdditionalDataOptions): IWorkflowExecuteAdditionalData {
	const base = (options.instanceBaseUrl ?? 'http://127.0.0.1:5678').replace(/\/+$/, '');
	// n8n's deduplication helpers need the process's store (the n8n server sets up a database one).
	processedDataStore();
	return {
		credentialsHelper: new HarnessCredentialsHelper(options.pkg.credentialTypes, options.credentials),
		hooks: new ExecutionLifecycleHooks(options.mode, options.executionId, options.workflow),
		externalSecretsProxy: new ExternalSecretsProxy(),
		executionId: options.executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		variables: {},
		executeWorkflow: async () => unsupported('sub-workflows'),
		getRunExecutionData: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: async () => unsupported('task runners (Code node)'),
	};
}
