import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { NotificationSender } from './notificationSender';

/** What one input item produced: one or more output items, on the main output unless said otherwise. */
export interface ItemResult {
	json: IDataObject | IDataObject[];
	output?: number;
}

export type ItemOperation = (this: IExecuteFunctions, itemIndex: number, sender: NotificationSender) => Promise<ItemResult>;
