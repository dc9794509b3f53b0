/**
 * A customer tapping a quick-reply button of a template notification (a tap on an interactive
 * message is Sandbox.simulateButtonTap). Smooch delivers the tap as a text message whose text
 * is the button's title and whose payload is the button's payload (docs/channel360-api.md,
 * "message:appUser – button / list reply" [inferred]).
 */
import type { InboundMessageResult, Sandbox } from './types';

/**
 * Taps the quick-reply button at `index` of the latest template notification to `phone`: its
 * payload is the one the sender set in the notification's components; `title` is the
 * template's button text, which Smooch puts in the message text.
 */
export async function tapTemplateButton(
	sandbox: Sandbox,
	orgId: string,
	phone: string,
	index: number,
	title: string,
): Promise<InboundMessageResult> {
	const notification = sandbox
		.notifications(orgId)
		.filter((sent) => sent.destination === phone)
		.at(-1);
	if (!notification) throw new Error(`no notification was sent to ${phone}`);
	const component = (notification.components as Array<Record<string, unknown>>).find(
		(candidate) => candidate.sub_type === 'quick_reply' && String(candidate.index) === String(index),
	);
	const payload = (component?.parameters as Array<{ payload?: string }> | undefined)?.[0]?.payload;
	if (!payload) throw new Error(`the latest notification to ${phone} sets no payload for quick-reply button ${index}`);
	return await sandbox.simulateInboundMessage(orgId, { phone, text: title, payload });
}
