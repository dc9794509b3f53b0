/**
 * What the examples need in Channel360 beyond the sandbox's demo seed: the auto-reply's
 * fallback template. With a real Channel360 account, users create (or pick) their own.
 */
import type { Sandbox } from '../../sandbox';

export const FALLBACK_TEMPLATE = { name: 'chat_followup', language: 'en_US' };

/** The approval example's template for a closed window: its quick-reply buttons are the answers. */
export const APPROVAL_TEMPLATE = { name: 'refund_approval', language: 'en_US', buttons: ['Approve', 'Decline'] };

export function addExampleTemplates(sandbox: Sandbox, orgId: string): void {
	sandbox.addTemplate(orgId, {
		...FALLBACK_TEMPLATE,
		status: 'APPROVED',
		category: 'UTILITY',
		components: [
			{ type: 'BODY', text: "Hi {{1}}, thanks for your message. Reply to this message and we'll pick up the conversation." },
		],
	});
	sandbox.addTemplate(orgId, {
		name: APPROVAL_TEMPLATE.name,
		language: APPROVAL_TEMPLATE.language,
		status: 'APPROVED',
		category: 'UTILITY',
		components: [
			{ type: 'BODY', text: 'A refund for order {{1}} is waiting for your approval.' },
			{ type: 'BUTTONS', buttons: APPROVAL_TEMPLATE.buttons.map((text) => ({ type: 'QUICK_REPLY', text })) },
		],
	});
}
