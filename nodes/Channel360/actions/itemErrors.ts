import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FieldError } from '../core/fieldError';

/** Any error of an item as an n8n error that names the item, never a bare stack trace. */
export function itemError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof FieldError) {
		return new NodeOperationError(ctx.getNode(), error.message, { itemIndex, description: error.hint });
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** The output item of a failed input item when "Continue On Fail" is on. */
export function failedItem(error: NodeApiError | NodeOperationError, itemIndex: number, extra: IDataObject = {}): INodeExecutionData {
	return {
		json: { ...extra, outcome: 'failed', error: error.message, reason: error.description ?? error.message },
		pairedItem: { item: itemIndex },
	};
}
