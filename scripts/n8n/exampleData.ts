/**
 * What the examples need in Channel360 beyond the sandbox's demo seed: the auto-reply's
 * fallback template. With a real Channel360 account, users create (or pick) their own.
 */
import type { Sandbox } from '../../sandbox';

export const FALLBACK_TEMPLATE = { name: 'chat_followup', language: 'en_US' };

export function addExampleTemplates(sandbox: Sandbox, orgId: string): void {
	sandbox.addTemplate(orgId, {
		...FALLBACK_TEMPLATE,
		status: 'APPROVED',
		category: 'UTILITY',
		components: [
			{ type: 'BODY', text: "Hi {{1}}, thanks for your message. Reply to this message and we'll pick up the conversation." },
		],
	});
}
