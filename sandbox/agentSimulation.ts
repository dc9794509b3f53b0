/**
 * A human agent answering from the Channel360 inbox: a business (appMaker) message that did not
 * come through the API, so Smooch labels it with the source it was written from. The 2024 source
 * has no inbox; `web` is the sandbox's default label [inferred], settable per call. What matters
 * to a receiver is that it is neither `api` (a POST /reply) nor `notification` (a template).
 */
import { sendBusinessText } from './businessMessages';
import type { SandboxContext } from './context';
import { businessScopedIdFor } from './customerSimulation';
import type { AgentMessageInput } from './types';

export const AGENT_SOURCE_TYPE = 'web';

export async function simulateAgentMessage(ctx: SandboxContext, orgId: string, input: AgentMessageInput): Promise<{ messageId: string; appUserId: string }> {
	if (typeof input !== 'object' || input === null) throw new Error('give the agent message: { appUserId or phone, text }');
	if (typeof input.text !== 'string' || input.text === '') throw new Error('text is required for an agent message');
	const user = input.appUserId
		? ctx.store.appUserById(orgId, input.appUserId)
		: input.phone
			? (ctx.store.appUserByPhone(orgId, input.phone) ?? ctx.store.appUserByBusinessScopedId(orgId, businessScopedIdFor(orgId, input.phone)))
			: undefined;
	if (!user) throw new Error(`no conversation with ${input.appUserId ?? input.phone ?? '(nobody: give phone or appUserId)'} in org ${orgId}: an agent answers customers who wrote in`);
	const sourceType = input.sourceType ?? AGENT_SOURCE_TYPE;
	if (sourceType === 'api' || sourceType === 'notification') throw new Error(`sourceType "${sourceType}" is what API sends and templates carry, not an agent`);
	const message = await sendBusinessText(ctx, orgId, user, input.text, { origin: 'agent', sourceType, authorName: input.agentName });
	return { messageId: message._id, appUserId: user.appUserId };
}
