import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getHistory, getWindowState } from './conversation';
import { failedItem, itemError } from './itemErrors';
import { replyToMessage, sendMessage, WINDOW_CLOSED_OUTPUT } from './message';
import { sendNotifications } from './notification';
import { sendAndWait } from './sendAndWait';
import { NotificationSender } from './notificationSender';
import {
	createSubscriber,
	deleteSubscriber,
	getManySubscribers,
	getSubscriber,
	getSubscriberByPhone,
	optInSubscriber,
	optOutSubscriber,
} from './subscriber';
import { createTemplate, deleteTemplate, getManyTemplates, getTemplate, refreshTemplates, updateTemplate } from './template';
import { SEND_AND_WAIT_OPERATION } from '../descriptions/sendAndWait';
import type { ItemOperation } from './types';
import { createWebhook, deleteWebhook, getManyWebhooks } from './webhook';

const ITEM_OPERATIONS: Record<string, Record<string, ItemOperation>> = {
	message: { send: sendMessage, reply: replyToMessage },
	template: {
		getAll: getManyTemplates,
		get: getTemplate,
		create: createTemplate,
		update: updateTemplate,
		delete: deleteTemplate,
		refresh: refreshTemplates,
	},
	conversation: { getHistory, getWindow: getWindowState },
	webhook: { getAll: getManyWebhooks, create: createWebhook, delete: deleteWebhook },
	subscriber: {
		create: createSubscriber,
		get: getSubscriber,
		getByPhone: getSubscriberByPhone,
		getAll: getManySubscribers,
		optIn: optInSubscriber,
		optOut: optOutSubscriber,
		delete: deleteSubscriber,
	},
};

/**
 * The Message operations whose "When the Window Is Closed" can route the item to a second
 * "Window Closed" output. The node's `outputs` expression is built from this list too.
 */
export const WINDOW_CLOSED_ROUTING_OPERATIONS: readonly string[] = ['reply', SEND_AND_WAIT_OPERATION];

/** Whether the node shows the second "Window Closed" output; must agree with the node's `outputs` expression. */
export function routesWindowClosed(resource: string, operation: string, windowClosedAction: unknown): boolean {
	return resource === 'message' && WINDOW_CLOSED_ROUTING_OPERATIONS.includes(operation) && windowClosedAction === 'routeToOutput';
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	if (resource === 'notification' && operation === 'send') return await sendNotifications.call(this);
	if (resource === 'message' && operation === SEND_AND_WAIT_OPERATION) return await sendAndWait.call(this);

	const run = ITEM_OPERATIONS[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`, {
			description: 'Pick a resource and an operation from the lists.',
		});
	}
	const twoOutputs =
		resource === 'message' && routesWindowClosed(resource, operation, this.getNodeParameter('windowClosedAction', 0, 'fail'));
	const outputs: INodeExecutionData[][] = twoOutputs ? [[], []] : [[]];
	const sender = new NotificationSender(this);
	const items = this.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await run.call(this, itemIndex, sender);
			const output = twoOutputs && result.output === WINDOW_CLOSED_OUTPUT ? WINDOW_CLOSED_OUTPUT : 0;
			const jsons: IDataObject[] = Array.isArray(result.json) ? result.json : [result.json];
			outputs[output].push(...jsons.map((json) => ({ json, pairedItem: { item: itemIndex } })));
		} catch (error) {
			const failure = itemError(this, error, itemIndex);
			if (!this.continueOnFail()) throw failure;
			outputs[0].push(failedItem(failure, itemIndex));
		}
	}
	return outputs;
}
