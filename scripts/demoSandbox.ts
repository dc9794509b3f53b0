/**
 * The sandbox as `npm start` and the screenshot script show it: fixed organisation and token,
 * the demo seed plus the examples' fallback template, stopped on Ctrl-C.
 */
import { DEMO_JWT_SECRET, DEMO_ORG_ID, seedDemoData, startSandbox, type Sandbox } from '../sandbox';
import { addExampleTemplates, onShutdown, type Channel360Connection } from './n8n';

export async function startDemoSandbox(port: number, log?: (line: string) => void): Promise<Sandbox> {
	const sandbox = await startSandbox({
		port,
		host: '127.0.0.1',
		jwtSecret: DEMO_JWT_SECRET,
		defaultOrgId: DEMO_ORG_ID,
		defaultOrgName: 'Sandbox Stores',
		log,
	});
	onShutdown(async () => await sandbox.stop());
	seedDemoData(sandbox, sandbox.defaultOrg.orgId);
	addExampleTemplates(sandbox, sandbox.defaultOrg.orgId);
	return sandbox;
}

export function sandboxConnection(sandbox: Sandbox): Channel360Connection {
	return { apiToken: sandbox.defaultOrg.token, organizationId: sandbox.defaultOrg.orgId, baseUrl: sandbox.url };
}
