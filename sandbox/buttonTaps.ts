/**
 * A customer tapping a reply button or picking a list row on an interactive message the
 * business sent, or tapping a quick-reply button of a template notification. Smooch delivers
 * the tap as a text message whose text is the button's title and whose payload is the button's
 * id (docs/channel360-api.md, "message:appUser – button / list reply" [inferred]).
 */
import type { InboundMessageResult, Sandbox } from './types';

interface OfferedButton {
	id: string;
	title: string;
}

function buttonsOfInteractive(interactive: unknown): OfferedButton[] {
	const action = (interactive as { action?: Record<string, unknown> } | undefined)?.action ?? {};
	const buttons = (action.buttons as Array<{ reply?: OfferedButton }> | undefined) ?? [];
	const rows = ((action.sections as Array<{ rows?: OfferedButton[] }> | undefined) ?? []).flatMap((section) => section.rows ?? []);
	return [...buttons.flatMap((button) => (button.reply ? [button.reply] : [])), ...rows];
}

/** Taps the button (or list row) titled `title` on the latest interactive message sent to `phone`. */
export async function tapInteractiveButton(sandbox: Sandbox, orgId: string, phone: string, title: string): Promise<InboundMessageResult> {
	const message = sandbox
		.sentMessages(orgId)
		.filter((sent) => sent.phone === phone && sent.type === 'interactive')
		.at(-1);
	if (!message) throw new Error(`no interactive message was sent to ${phone}`);
	const button = buttonsOfInteractive(message.interactive).find((offered) => offered.title === title);
	if (!button) throw new Error(`the latest interactive message to ${phone} has no button or row "${title}"`);
	return await sandbox.simulateInboundMessage(orgId, { phone, text: button.title, payload: button.id });
}

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
