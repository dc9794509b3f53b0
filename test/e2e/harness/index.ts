export { startN8nEnvironment, type EnvironmentOptions, type N8nEnvironment } from './environment';
export { installN8n, type N8nInstall } from './install';
export { DEFAULT_OWNER, HARNESS_BROWSER_ID, N8nPublicApi, N8nSession, type ExecutionSummary, type OwnerAccount } from './n8nApi';
export { logTail, N8nServer } from './n8nServer';
export { freePort, preferredOrFreePort } from './ports';
export { onShutdown, stopAll, track } from './processes';
export { repoRoot } from './repoRoot';
export { EXAMPLE_CREDENTIAL, readExample, type Channel360Connection, type WorkflowJson } from './workflowFiles';
export { addExampleTemplates, FALLBACK_TEMPLATE } from './exampleData';
