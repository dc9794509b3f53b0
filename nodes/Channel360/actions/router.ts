import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as conversation from './conversation';
import { failedItem, itemError } from './itemErrors';
import * as message from './message';
import { WINDOW_CLOSED_OUTPUT } from './message/reply';
import { sendAndWait } from './message/sendAndWait';
import { SEND_AND_WAIT_OPERATION } from './message/sendAndWaitFields';
import * as notification from './notification/send';
import { NotificationSender } from './notificationSender';
import * as subscriber from './subscriber';
import * as template from './template';
import type { ItemOperation } from './types';
import * as webhook from './webhook';

/** The operations that run item by item; Notification → Send and Send and Wait take all items at once. */
const ITEM_OPERATIONS: Record<string, Record<string, ItemOperation>> = {
	message: message.itemOperations,
	template: template.itemOperations,
	conversation: conversation.itemOperations,
	webhook: webhook.itemOperations,
	subscriber: subscriber.itemOperations,
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
	if (resource === 'notification' && operation === 'send') return await notification.execute.call(this);
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
