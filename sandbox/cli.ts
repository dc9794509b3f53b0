/**
 * `npm run sandbox`: the sandbox on a fixed port with a fixed organisation, token and demo data,
 * printing what is needed to point an n8n credential at it.
 */
import { DEMO_JWT_SECRET, DEMO_ORG_ID, seedDemoData } from './seed';
import { SandboxInstance } from './sandbox';

export async function runCli(env: NodeJS.ProcessEnv = process.env): Promise<SandboxInstance> {
	const sandbox = await new SandboxInstance({
		port: Number(env.SANDBOX_PORT ?? 4360),
		host: '127.0.0.1',
		jwtSecret: env.SANDBOX_JWT_SECRET || DEMO_JWT_SECRET,
		defaultOrgId: env.SANDBOX_ORG_ID || DEMO_ORG_ID,
		defaultOrgName: 'Sandbox Stores',
		log: (line) => console.log(`[sandbox] ${line}`),
	}).start();
	const { orgId, token } = sandbox.defaultOrg;
	seedDemoData(sandbox, orgId);

	console.log(
		[
			'',
			'Channel360 sandbox running',
			`  Base URL         ${sandbox.url}`,
			`  Organisation ID  ${orgId}`,
			`  API token        ${token}`,
			`  Control page     ${sandbox.url}/__sandbox/`,
			'',
			'Simulate a customer message:',
			`  curl -s -X POST ${sandbox.url}/__sandbox/inbound -H 'Content-Type: application/json' \\`,
			`    -d '{"phone":"+27821234567","name":"Thandi","text":"Hi, is my order ready?"}'`,
			'',
		].join('\n'),
	);

	const shutdown = (signal: string) => {
		console.log(`[sandbox] ${signal}: stopping`);
		void sandbox.stop().then(() => process.exit(0));
	};
	process.once('SIGINT', () => shutdown('SIGINT'));
	process.once('SIGTERM', () => shutdown('SIGTERM'));
	return sandbox;
}

if (require.main === module) {
	runCli().catch((error: Error) => {
		console.error(`[sandbox] could not start: ${error.message}`);
		process.exit(1);
	});
}
