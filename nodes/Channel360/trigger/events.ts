import type { INodePropertyOptions } from 'n8n-workflow';

/** The business-message trigger is always registered: its deliveries carry the App User ID. */
export const ALWAYS_REGISTERED_TRIGGER = 'message:appMaker';

export const TRIGGER_EVENT_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Business Message',
		value: 'message:appMaker',
		description: 'The business sent a message: an agent, a template notification, or the API',
	},
	{
		name: 'Conversation Read',
		value: 'conversation:read',
		description: 'The customer read the conversation',
	},
	{
		name: 'Customer Message',
		value: 'message:appUser',
		description: 'A customer sent a message, tapped a reply button or picked a list row',
	},
	{
		name: 'Message Delivery Failed',
		value: 'message:delivery:failure',
		description: 'A session message could not be delivered, e.g. because the 24-hour window was closed',
	},
	{
		name: 'Notification Delivered',
		value: 'notification:delivery:user',
		description: "A template notification reached the customer's phone",
	},
	{
		name: 'Notification Failed',
		value: 'notification:delivery:failure',
		description: 'A template notification could not be delivered',
	},
	{
		name: 'Notification Sent',
		value: 'notification:delivery:channel',
		description: 'WhatsApp accepted a template notification (sent, not yet on the phone)',
	},
	{
		name: 'WhatsApp Flow Submission',
		value: 'flow:submission',
		description: 'A customer submitted a WhatsApp Flow',
	},
];

export const MESSAGE_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Audio', value: 'audio' },
	{ name: 'File', value: 'file' },
	{ name: 'Flow Submission', value: 'flowSubmission' },
	{ name: 'Image', value: 'image' },
	{ name: 'Interactive Reply', value: 'interactiveReply' },
	{ name: 'Location', value: 'location' },
	{ name: 'Text', value: 'text' },
	{ name: 'Video', value: 'video' },
];

/** The triggers to register for a selection: sorted, unique, always with message:appMaker. */
export function triggersToRegister(selected: readonly string[]): string[] {
	return [...new Set([...selected, ALWAYS_REGISTERED_TRIGGER])].sort();
}

export function sameTriggers(a: unknown, b: readonly string[]): boolean {
	if (!Array.isArray(a)) return false;
	const left = [...new Set(a.map(String))].sort();
	return left.length === b.length && left.every((trigger, index) => trigger === b[index]);
}
