/** What every benchmark gets: the sandbox (in this process), the running n8n and the run's settings. */
import { SECRET_QUERY_PARAMETER } from '../nodes/Channel360/core/webhookSecret';
import type { Sandbox } from '../sandbox';
import { storedStaticData, type N8nEnvironment, type N8nInstall } from '../scripts/n8n';

export interface BenchContext {
	sandbox: Sandbox;
	env: N8nEnvironment;
	install: N8nInstall;
	quick: boolean;
	log: (line: string) => void;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes a Channel360 Trigger workflow and returns the target it registered with the sandbox,
 * once n8n has also saved the secret to the workflow's static data: the registration is visible
 * a moment before that, and a delivery in between is refused as unsigned.
 */
export async function publishTrigger(ctx: BenchContext, workflowId: string, webhookId: string, timeoutMs = 60_000): Promise<string> {
	const { sandbox } = ctx;
	await ctx.env.api.activate(workflowId);
	await sandbox.waitFor(() => sandbox.webhooks().some((hook) => hook.target.includes(webhookId)), timeoutMs);
	const target = sandbox.webhooks().find((hook) => hook.target.includes(webhookId))!.target;
	const secret = new URL(target).searchParams.get(SECRET_QUERY_PARAMETER) ?? '';
	const deadline = Date.now() + timeoutMs;
	while (!(await storedStaticData(ctx.install.node, ctx.env.userFolder, workflowId)).includes(secret)) {
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: n8n did not save the trigger's secret within ${timeoutMs / 1000} s`);
		await sleep(250);
	}
	return target;
}
