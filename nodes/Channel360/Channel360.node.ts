import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { NodeConnectionTypes } from 'n8n-workflow';

import { route, WINDOW_CLOSED_ROUTING_OPERATIONS } from './actions/router';
import { sendAndWaitWebhook } from './actions/message/sendAndWait';
import { channel360Properties } from './actions/properties';
import { getApprovedTemplates, getTemplateVariables } from './methods/templates';

/**
 * Outputs depend on the parameters: Message → Reply or Send and Wait for Response with "Route to
 * Window Closed Output" adds a second output. Keep in step with routesWindowClosed in
 * actions/router.ts (both read WINDOW_CLOSED_ROUTING_OPERATIONS). "Sent" fits both: whatever
 * leaves the first output followed a message that went out (Send and Wait's answer or timeout).
 */
const OUTPUTS_EXPRESSION = `={{ $parameter.resource === 'message' && ${JSON.stringify(WINDOW_CLOSED_ROUTING_OPERATIONS)}.includes($parameter.operation) && $parameter.windowClosedAction === 'routeToOutput' ? [{ type: 'main', displayName: 'Sent' }, { type: 'main', displayName: 'Window Closed' }] : [{ type: 'main' }] }}` as const;

export class Channel360 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Channel360',
		name: 'channel360',
		icon: { light: 'file:channel360.svg', dark: 'file:channel360.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Send WhatsApp messages and approved template notifications through Channel360, aware of the 24-hour window and opt-in; manage templates, subscribers, webhooks and conversation history',
		defaults: { name: 'Channel360' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS_EXPRESSION,
		credentials: [{ name: 'channel360Api', required: true }],
		// Send and Wait for Response: n8n calls webhook() with the Channel360 Trigger's resume request.
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: '={{ $nodeId }}',
				restartWebhook: true,
				isFullPath: true,
			},
		],
		properties: channel360Properties,
	};

	/**
	 * The only webhook is n8n's restart webhook of Send and Wait, which n8n routes to the waiting
	 * execution itself and never registers through these (it skips restart webhooks when it
	 * publishes a workflow). There is nothing to register with Channel360: the answer reaches n8n
	 * through the Channel360 Trigger. The lifecycle is spelled out because n8n's verification
	 * requires it of every node that declares a webhook.
	 */
	webhookMethods = {
		default: {
			checkExists: async (): Promise<boolean> => true,
			create: async (): Promise<boolean> => true,
			delete: async (): Promise<boolean> => true,
		},
	};

	methods = {
		loadOptions: { getApprovedTemplates },
		resourceMapping: { getTemplateVariables },
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await sendAndWaitWebhook.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
