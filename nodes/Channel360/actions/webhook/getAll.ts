import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withoutTriggerSecret } from '../../core/webhookList';
import { listWebhooks } from '../../transport/webhooks';
import type { ItemResult } from '../types';

export const description: INodeProperties[] = [];

/** Webhook → Get Many: every webhook of the organisation, the trigger's secret left out. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	return { json: (await listWebhooks(this, itemIndex)).map(withoutTriggerSecret) as IDataObject[] };
}
