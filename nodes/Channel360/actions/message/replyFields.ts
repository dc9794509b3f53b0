import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildReplyBody, type ReplyBody, type ReplyButton, type ReplyListRow, type ReplyMessageType } from '../../core/replyBody';
import { shownFor } from '../commonFields';

const forTypes = (...messageType: string[]) => ({
	show: { resource: ['message'], operation: ['send', 'reply'], messageType },
});

/** The free-form message of Message → Send and Reply: its type and content. */
export const messageBodyFields: INodeProperties[] = [
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
		displayOptions: shownFor('message', 'send', 'reply'),
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
];

/** The free-form message of Message → Send and Reply, read from the item's parameters and checked. */
export function replyBodyOf(ctx: IExecuteFunctions, itemIndex: number): ReplyBody {
	const messageType = ctx.getNodeParameter('messageType', itemIndex) as ReplyMessageType;
	const has = (...types: ReplyMessageType[]) => types.includes(messageType);
	const interactive = has('buttons', 'list') ? (ctx.getNodeParameter('interactiveOptions', itemIndex, {}) as IDataObject) : {};
	return buildReplyBody({
		messageType,
		text: has('text', 'buttons', 'list') ? (ctx.getNodeParameter('text', itemIndex) as string) : undefined,
		mediaUrl: has('image', 'video', 'file') ? (ctx.getNodeParameter('mediaUrl', itemIndex) as string) : undefined,
		caption: has('image', 'video', 'file') ? (ctx.getNodeParameter('caption', itemIndex, '') as string) : undefined,
		buttons: has('buttons')
			? (((ctx.getNodeParameter('buttons', itemIndex, {}) as IDataObject).button ?? []) as ReplyButton[])
			: undefined,
		listButtonText: has('list') ? (ctx.getNodeParameter('listButtonText', itemIndex) as string) : undefined,
		listRows: has('list')
			? (((ctx.getNodeParameter('listRows', itemIndex, {}) as IDataObject).row ?? []) as ReplyListRow[])
			: undefined,
		headerText: interactive.headerText as string | undefined,
		footer: interactive.footer as string | undefined,
	});
}
