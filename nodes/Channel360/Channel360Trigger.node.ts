import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { DEFAULT_MAX_MEDIA_MB, DEFAULT_MEDIA_HOSTS, DEFAULT_MEDIA_TIMEOUT_SECONDS } from './core/mediaPolicy';
import { MESSAGE_TYPE_OPTIONS, TRIGGER_EVENT_OPTIONS } from './trigger/events';
import { handleDelivery } from './trigger/handleDelivery';
import { createWebhook, deleteOurWebhook, webhookExists } from './trigger/registration';

export class Channel360Trigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Channel360 Trigger',
		name: 'channel360Trigger',
		icon: { light: 'file:channel360.svg', dark: 'file:channel360.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves as 1 does. n8n treats a version-1 webhook node as its old Webhook node and
		// evaluates an expression for its binary-data option on every call; 1.1 spares each
		// delivery that work.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description:
			'Starts the workflow when a customer writes on WhatsApp through Channel360, with the 24-hour window state on every item',
		defaults: { name: 'Channel360 Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'channel360Api', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'The webhook is registered with Channel360 when you publish the workflow and removed when you unpublish it. Channel360 must be able to reach this n8n over the internet. Its secret is derived from the API token: after changing the token in the credential, publish the workflow again.',
				name: 'registrationNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: TRIGGER_EVENT_OPTIONS,
				default: ['message:appUser'],
				required: true,
				description:
					'Which Channel360 events start the workflow. Business messages are always registered, since they carry the App User ID, but only start the workflow when selected here.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Allow Private Network Addresses',
						name: 'allowPrivateMediaAddresses',
						type: 'boolean',
						default: false,
						displayOptions: { show: { downloadMedia: [true] } },
						description:
							'Whether media may be downloaded from loopback, link-local or private network addresses. Leave off: anyone who can post to the webhook URL could otherwise make n8n fetch from your internal network.',
					},
					{
						displayName: 'Binary Property',
						name: 'binaryPropertyName',
						type: 'string',
						default: 'data',
						displayOptions: { show: { downloadMedia: [true] } },
						description: 'Name of the binary property to put downloaded media in',
					},
					{
						displayName: 'Download Media',
						name: 'downloadMedia',
						type: 'boolean',
						default: false,
						description:
							'Whether to download images, voice notes, videos and documents into the item as binary data (media links expire, so downloading keeps them usable). Only from the hosts Channel360 and WhatsApp serve media from, unless you add more under Media Hosts.',
					},
					{
						displayName: 'Drop Duplicate Deliveries',
						name: 'dropDuplicates',
						type: 'boolean',
						default: true,
						description: 'Whether to ignore a delivery of an event that already started the workflow',
					},
					{
						displayName: 'Include Messages Sent Through the API',
						name: 'includeApiEchoes',
						type: 'boolean',
						default: false,
						description:
							'Whether business messages sent through the Channel360 API or as template notifications (including by the Channel360 node) start the workflow. Leave off in auto-reply flows so that a reply does not trigger another reply.',
					},
					{
						displayName: 'Max Media Size (MB)',
						name: 'maxMediaSizeMb',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_MAX_MEDIA_MB,
						displayOptions: { show: { downloadMedia: [true] } },
						description:
							'Larger media is not downloaded; the item says so and keeps the link. WhatsApp allows 16 MB for video and audio and 100 MB for documents.',
					},
					{
						displayName: 'Media Hosts',
						name: 'mediaHosts',
						type: 'string',
						default: '',
						placeholder: 'e.g. media.example.co.za, *.cdn.example.com',
						displayOptions: { show: { downloadMedia: [true] } },
						description: `More hosts to download media from, comma-separated (*.example.com allows every host under example.com). Always allowed: ${DEFAULT_MEDIA_HOSTS.join(', ')}.`,
					},
					{
						displayName: 'Media Timeout (Seconds)',
						name: 'mediaTimeoutSeconds',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_MEDIA_TIMEOUT_SECONDS,
						displayOptions: { show: { downloadMedia: [true] } },
						description: 'How long one media download may take before the item goes on without it',
					},
					{
						displayName: 'Message Types',
						name: 'messageTypes',
						type: 'multiOptions',
						options: MESSAGE_TYPE_OPTIONS,
						default: [],
						description: 'Only start the workflow for these kinds of message. Leave empty for all.',
					},
					{
						displayName: 'Start This Workflow for Send and Wait Answers',
						name: 'startWorkflowForAnswers',
						type: 'boolean',
						default: false,
						description:
							'Whether a tap that answers a Channel360 "Send and Wait for Response" question also starts this workflow. Off: the tap only resumes the waiting execution.',
					},
					{
						displayName: 'Use Conversation History for Window State',
						name: 'useHistory',
						type: 'boolean',
						default: true,
						description:
							"Whether to read the customer's conversation history from Channel360 to compute the 24-hour window. When off, the window comes from the delivery and what the trigger remembers.",
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await webhookExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createWebhook.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteOurWebhook.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDelivery.call(this);
	}
}
