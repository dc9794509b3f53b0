import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { planReply, windowClosedReport, type WindowClosedAction } from '../../core/replyDecision';
import { phoneField, shownFor } from '../commonFields';
import type { NotificationSender } from '../notificationSender';
import { templateSendFields } from '../templateSendFields';
import type { ItemResult } from '../types';
import { noAppUserError, recipientWindow, requirePhoneForTemplate } from './recipient';
import { replyBodyOf } from './replyFields';
import { sendReply } from './send';

export const WINDOW_CLOSED_OUTPUT = 1;

const shown = shownFor('message', 'reply');
const whenWindowClosed = (...windowClosedAction: string[]) => ({
	show: { resource: ['message'], operation: ['reply'], windowClosedAction },
});

/** Reply's recipient, shown before the message that Send and Reply share (replyFields.ts). */
export const recipientFields: INodeProperties[] = [
	{
		displayName: 'App User ID',
		name: 'appUserId',
		type: 'string',
		// Empty rather than '={{ $json.appUserId }}' so that the fallback template's variable fields
		// follow the template before the node has input data (see actions/itemParameters.ts).
		default: '',
		placeholder: "Empty: the input item's appUserId",
		description:
			"The customer's Channel360 App User ID. Empty: the input item's <code>appUserId</code> (the Channel360 Trigger puts it on every item); without one, it is found from the phone number's conversation history.",
		displayOptions: shown,
	},
	phoneField(
		shown,
		"The customer's phone number in international format. Used to read the conversation history when the item carries no window state, and as the destination of a fallback template.",
	),
];

/** What Reply does when the 24-hour window is closed, shown after the message. */
export const description: INodeProperties[] = [
	{
		displayName: 'When the Window Is Closed',
		name: 'windowClosedAction',
		type: 'options',
		options: [
			{
				name: 'Fail With an Error',
				value: 'fail',
				description: 'Stop with an error that says when the window closed',
			},
			{
				name: 'Route to Window Closed Output',
				value: 'routeToOutput',
				description: 'Send nothing; pass the item to a second output so the workflow can decide',
			},
			{
				name: 'Send a Fallback Template',
				value: 'sendTemplate',
				description: 'Send an approved template instead, only to a customer who opted in',
			},
		],
		default: 'fail',
		description:
			'WhatsApp allows free-form messages only within 24 hours of the customer\'s last message. What to do when that window is closed.',
		displayOptions: shown,
	},
	...templateSendFields(whenWindowClosed('sendTemplate')),
	{
		displayName: 'Reply Options',
		name: 'replyOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: shown,
		options: [
			{
				displayName: 'Use Window State From the Item',
				name: 'useItemWindow',
				type: 'boolean',
				default: true,
				description:
					'Whether to trust an open window that the Channel360 Trigger put on the item (its "window" field) instead of reading the conversation history. A closed window on the item is always re-checked against the history, since the customer may have written since.',
			},
		],
	},
];

/** Message → Reply: checks the 24-hour window, then sends, fails, falls back to a template or routes. */
export async function execute(this: IExecuteFunctions, itemIndex: number, sender: NotificationSender): Promise<ItemResult> {
	const body = replyBodyOf(this, itemIndex);
	const whenClosed = this.getNodeParameter('windowClosedAction', itemIndex) as WindowClosedAction;
	const trustItemWindow = (this.getNodeParameter('replyOptions', itemIndex, {}) as IDataObject).useItemWindow !== false;
	const input = this.getInputData()[itemIndex].json;
	const { appUserId, rawPhone, phone, window, historyRead } = await recipientWindow(this, itemIndex, trustItemWindow);
	const plan = planReply(window, whenClosed);
	const report: IDataObject = { appUserId, reason: plan.reason, window: { ...window } };

	switch (plan.action) {
		case 'sendFreeForm':
			if (!appUserId) throw noAppUserError(rawPhone);
			return { json: { outcome: 'sent', ...report, ...(await sendReply(this, appUserId, body, itemIndex)) } };
		case 'routeToOutput':
			// What Reply checked, not a copy of the input item (its fields stay reachable through
			// the paired item, e.g. $('Trigger').item.json).
			return {
				json: windowClosedReport({ reason: plan.reason, phone, appUserId, window, historyRead }) as unknown as IDataObject,
				output: WINDOW_CLOSED_OUTPUT,
			};
		case 'sendTemplate': {
			requirePhoneForTemplate(rawPhone, input);
			const prepared = await sender.prepare(itemIndex);
			const template = { ...prepared.template };
			if (!prepared.optIn.optedIn) {
				return {
					json: { outcome: 'skipped', ...report, reason: `${plan.reason}; the fallback template was not sent: ${prepared.optIn.reason}`, phone: prepared.phone, template, notificationId: null },
				};
			}
			const sent = await sender.sendPaced(prepared);
			return {
				json: {
					outcome: 'sentTemplate',
					...report,
					reason: `${plan.reason}; sent the fallback template (${prepared.optIn.reason})`,
					phone: prepared.phone,
					template,
					notificationId: sent.notificationId,
					response: sent.response as IDataObject,
				},
			};
		}
		default:
			throw new NodeOperationError(this.getNode(), `Not sent: ${plan.reason}`, {
				itemIndex,
				description:
					'WhatsApp only allows free-form messages within 24 hours of the customer\'s last message. Use Notification → Send with an approved template, or set "When the Window Is Closed" to send a fallback template or route the item.',
			});
	}
}
