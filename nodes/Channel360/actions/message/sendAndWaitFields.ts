import type { INodeProperties } from 'n8n-workflow';

import { phoneField } from '../commonFields';
import { templateSendFields } from '../templateSendFields';

/** n8n recognises this operation name: it checks the resume URL's signature and shows the waiting state. */
export const SEND_AND_WAIT_OPERATION = 'sendAndWait';

const onSendAndWait = (show: Record<string, unknown[]> = {}) => ({
	show: { resource: ['message'], operation: [SEND_AND_WAIT_OPERATION], ...show },
});

export const sendAndWaitFields: INodeProperties[] = [
	{
		displayName:
			'The answer comes back through the Channel360 Trigger: at least one published workflow with a Channel360 Trigger on the same Channel360 organisation must be active',
		name: 'sendAndWaitNotice',
		type: 'notice',
		default: '',
		displayOptions: onSendAndWait(),
	},
	{
		displayName: 'App User ID',
		name: 'appUserId',
		type: 'string',
		default: '={{ $json.appUserId }}',
		description:
			"The customer's Channel360 App User ID. Leave empty to find it from the phone number's conversation history. Only this customer's tap is accepted as the answer.",
		displayOptions: onSendAndWait(),
	},
	phoneField(
		onSendAndWait(),
		"The customer's phone number in international format: to read the conversation history, and the destination of the template when the window is closed",
	),
	{
		displayName: 'Message',
		name: 'question',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The question shown above the buttons (at most 1024 characters)',
		displayOptions: onSendAndWait(),
	},
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		options: [
			{ name: 'Approval', value: 'approval', description: 'An Approve button and, optionally, a Decline button' },
			{ name: 'Choice', value: 'choice', description: 'Up to 3 buttons, or a list of up to 10 options' },
		],
		default: 'approval',
		displayOptions: onSendAndWait(),
	},
	{
		displayName: 'Approve Button Label',
		name: 'approveLabel',
		type: 'string',
		default: 'Approve',
		description: 'At most 20 characters',
		displayOptions: onSendAndWait({ responseType: ['approval'] }),
	},
	{
		displayName: 'Offer Decline',
		name: 'offerDecline',
		type: 'boolean',
		default: true,
		description: 'Whether to show a Decline button next to Approve',
		displayOptions: onSendAndWait({ responseType: ['approval'] }),
	},
	{
		displayName: 'Decline Button Label',
		name: 'declineLabel',
		type: 'string',
		default: 'Decline',
		description: 'At most 20 characters',
		displayOptions: onSendAndWait({ responseType: ['approval'], offerDecline: [true] }),
	},
	{
		displayName: 'Show Options As',
		name: 'choiceStyle',
		type: 'options',
		options: [
			{ name: 'Buttons', value: 'buttons', description: 'Up to 3 reply buttons' },
			{ name: 'List', value: 'list', description: 'A list of up to 10 options behind one button' },
		],
		default: 'buttons',
		displayOptions: onSendAndWait({ responseType: ['choice'] }),
	},
	{
		displayName: 'List Button Text',
		name: 'listButtonText',
		type: 'string',
		default: 'Options',
		description: 'The label of the button that opens the list (at most 20 characters)',
		displayOptions: onSendAndWait({ responseType: ['choice'], choiceStyle: ['list'] }),
	},
	{
		displayName: 'Options',
		name: 'answerOptions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowed: 10 },
		default: {},
		placeholder: 'Add Option',
		description: 'The answers the customer can pick. The workflow gets the value (or the title when the value is empty).',
		displayOptions: onSendAndWait({ responseType: ['choice'] }),
		options: [
			{
				displayName: 'Option',
				name: 'option',
				values: [
					{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'What the customer sees (at most 20 characters on a button, 24 in a list)' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'What the workflow gets, e.g. slot_am' },
					{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'List only: a second line under the title' },
				],
			},
		],
	},
	{
		displayName: 'When the Window Is Closed',
		name: 'windowClosedAction',
		type: 'options',
		options: [
			{ name: 'Fail With an Error', value: 'fail', description: 'Stop with an error that says when the window closed' },
			{
				name: 'Send a Template With Quick-Reply Buttons',
				value: 'sendTemplate',
				description:
					"Send an approved template whose quick-reply buttons are the answers, in order (Approve, Decline; or the options), only to a customer who opted in",
			},
			{
				name: 'Route to Window Closed Output',
				value: 'routeToOutput',
				description: 'Send nothing; pass the item to a second output so the workflow can decide',
			},
		],
		default: 'fail',
		description:
			"WhatsApp allows interactive messages only within 24 hours of the customer's last message. What to do when that window is closed.",
		displayOptions: onSendAndWait(),
	},
	...templateSendFields(onSendAndWait({ windowClosedAction: ['sendTemplate'] })),
	{
		displayName: 'Options',
		name: 'waitOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: onSendAndWait(),
		options: [
			{
				displayName: 'Limit Wait Time',
				name: 'limitWaitTime',
				type: 'fixedCollection',
				description: 'Whether to stop waiting for an answer after a time; the item then says it timed out',
				default: { values: { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' } },
				options: [
					{
						displayName: 'Values',
						name: 'values',
						values: [
							{
								displayName: 'Limit Type',
								name: 'limitType',
								type: 'options',
								default: 'afterTimeInterval',
								options: [
									{ name: 'After Time Interval', value: 'afterTimeInterval', description: 'Waits for a certain amount of time' },
									{ name: 'At Specified Time', value: 'atSpecifiedTime', description: 'Waits until the set date and time' },
								],
							},
							{
								displayName: 'Amount',
								name: 'resumeAmount',
								type: 'number',
								typeOptions: { minValue: 0, numberPrecision: 2 },
								default: 1,
								displayOptions: { show: { limitType: ['afterTimeInterval'] } },
							},
							{
								displayName: 'Unit',
								name: 'resumeUnit',
								type: 'options',
								options: [
									{ name: 'Minutes', value: 'minutes' },
									{ name: 'Hours', value: 'hours' },
									{ name: 'Days', value: 'days' },
								],
								default: 'hours',
								displayOptions: { show: { limitType: ['afterTimeInterval'] } },
							},
							{
								displayName: 'Max Date and Time',
								name: 'maxDateAndTime',
								type: 'dateTime',
								default: '',
								displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
							},
						],
					},
				],
			},
			{
				displayName: 'Use Window State From the Item',
				name: 'useItemWindow',
				type: 'boolean',
				default: true,
				description:
					'Whether to trust an open window that the Channel360 Trigger put on the item instead of reading the conversation history',
			},
		],
	},
];
