import type { INodeProperties } from 'n8n-workflow';

import { phoneField } from './common';
import { templateSendFields } from './templateSend';

const onMessage = { show: { resource: ['message'] } };
const onOperations = (...operation: string[]) => ({ show: { resource: ['message'], operation } });
const forTypes = (...messageType: string[]) => ({
	show: { resource: ['message'], operation: ['send', 'reply'], messageType },
});
const whenWindowClosed = (...windowClosedAction: string[]) => ({
	show: { resource: ['message'], operation: ['reply'], windowClosedAction },
});

export const messageOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: onMessage,
	options: [
		{
			name: 'Reply (Window-Aware)',
			value: 'reply',
			action: 'Reply to a customer within the 24 hour window',
			description:
				"Checks the customer's 24-hour window first. Open: sends the free-form message. Closed: fails, sends a fallback template, or routes the item to a \"Window Closed\" output.",
		},
		{
			name: 'Send',
			value: 'send',
			action: 'Send a free form message',
			description:
				'Sends a text, image, video, file or interactive message to a customer. WhatsApp only delivers it within 24 hours of the customer\'s last message.',
		},
		{
			name: 'Send and Wait for Response',
			value: 'sendAndWait',
			action: 'Send a question and wait for the answer',
			description:
				'Sends a question with WhatsApp buttons or a list and pauses the workflow until the customer taps an answer (the tap reaches n8n through a published Channel360 Trigger)',
		},
	],
	default: 'reply',
};

export const messageFields: INodeProperties[] = [
	{
		displayName: 'App User ID',
		name: 'appUserId',
		type: 'string',
		default: '={{ $json.appUserId }}',
		description:
			"The customer's Channel360 App User ID, as the Channel360 Trigger puts it on every item. Channel360 sends free-form messages by App User ID only: when this is empty, the App User is found from the phone number's conversation history.",
		displayOptions: onOperations('send'),
	},
	phoneField(
		onOperations('send'),
		"The customer's phone number in international format, used only when App User ID is empty: Channel360's conversation history for it names the customer's App User.",
	),
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
		displayOptions: onOperations('reply'),
	},
	phoneField(
		onOperations('reply'),
		"The customer's phone number in international format. Used to read the conversation history when the item carries no window state, and as the destination of a fallback template.",
	),
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		options: [
			{ name: 'File', value: 'file', description: 'A document (e.g. PDF) from a public URL' },
			{ name: 'Image', value: 'image', description: 'A JPEG or PNG image from a public URL' },
			{ name: 'List', value: 'list', description: 'An interactive list the customer picks one row from' },
			{ name: 'Reply Buttons', value: 'buttons', description: 'Up to three buttons the customer can tap' },
			{ name: 'Text', value: 'text', description: 'A plain text message' },
			{ name: 'Video', value: 'video', description: 'An MP4 video (at most 15 MB) from a public URL' },
		],
		default: 'text',
		description: 'What kind of message to send',
		displayOptions: onOperations('send', 'reply'),
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The message text (at most 4096 characters). For buttons and lists it is the message body shown above them.',
		displayOptions: forTypes('text', 'buttons', 'list'),
	},
	{
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://cdn.example.co.za/invoice-4411.pdf',
		description: 'Public HTTPS link to the media',
		hint: 'Channel360 takes media by URL only: to send a file from a previous node, upload it somewhere public first and give its link.',
		displayOptions: forTypes('image', 'video', 'file'),
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		default: '',
		description: 'Optional text shown with the media',
		displayOptions: forTypes('image', 'video', 'file'),
	},
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowed: 3 },
		default: {},
		placeholder: 'Add Button',
		description: 'Up to three reply buttons. The customer\'s tap comes back to the Channel360 Trigger with the button ID.',
		displayOptions: forTypes('buttons'),
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						description: 'What the trigger reports when the customer taps it, e.g. slot_am',
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: 'The button label the customer sees (at most 20 characters)',
					},
				],
			},
		],
	},
	{
		displayName: 'List Button Text',
		name: 'listButtonText',
		type: 'string',
		default: 'Options',
		required: true,
		description: 'The label of the button that opens the list (at most 20 characters)',
		displayOptions: forTypes('list'),
	},
	{
		displayName: 'List Rows',
		name: 'listRows',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Row',
		description: 'The rows of the list. Rows with the same section title are grouped under it (at most 10 rows in all).',
		displayOptions: forTypes('list'),
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						description: 'Optional second line of the row',
					},
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						description: 'What the trigger reports when the customer picks this row',
					},
					{
						displayName: 'Section Title',
						name: 'section',
						type: 'string',
						default: '',
						description: 'The section heading this row sits under; leave empty for a list without sections',
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: 'The row text the customer sees (at most 24 characters)',
					},
				],
			},
		],
	},
	{
		displayName: 'Interactive Options',
		name: 'interactiveOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: forTypes('buttons', 'list'),
		options: [
			{
				displayName: 'Footer',
				name: 'footer',
				type: 'string',
				default: '',
				description: 'Small grey text under the message (at most 60 characters)',
			},
			{
				displayName: 'Header Text',
				name: 'headerText',
				type: 'string',
				default: '',
				description: 'Bold heading above the message (at most 60 characters)',
			},
		],
	},
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
		displayOptions: onOperations('reply'),
	},
	...templateSendFields(whenWindowClosed('sendTemplate')),
	{
		displayName: 'Reply Options',
		name: 'replyOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: onOperations('reply'),
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
