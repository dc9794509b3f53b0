/** What every benchmark gets: the sandbox (in this process), the running n8n and the run's settings. */
import type { Sandbox } from '../sandbox';
import type { N8nEnvironment, N8nInstall } from '../scripts/n8n';

export interface BenchContext {
	sandbox: Sandbox;
	env: N8nEnvironment;
	install: N8nInstall;
	quick: boolean;
	log: (line: string) => void;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes a Channel360 Trigger workflow and returns the target it registered with the sandbox.
 * The trigger verifies a delivery without its static data (the token is derived from the
 * credential), so a delivery is accepted as soon as Channel360 has the target.
 */
export async function publishTrigger(ctx: BenchContext, workflowId: string, webhookId: string, timeoutMs = 60_000): Promise<string> {
	const { sandbox } = ctx;
	await ctx.env.api.activate(workflowId);
	await sandbox.waitFor(() => sandbox.webhooks().some((hook) => hook.target.includes(webhookId)), timeoutMs);
	return sandbox.webhooks().find((hook) => hook.target.includes(webhookId))!.target;
}
