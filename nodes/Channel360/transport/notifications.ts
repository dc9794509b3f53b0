import type { IDataObject } from 'n8n-workflow';

import type { NotificationBody } from '../core/notificationRequest';
import type { RetryPolicy } from '../core/retryPolicy';
import { channel360Request, type Channel360Context } from './channel360Request';

export const NOTIFICATION_PATH = '/notification';

/**
 * One POST /notification (a template message). It queues a message, so the request layer never
 * repeats it after a 5xx or a dropped connection (Channel360 may have queued it already); only a
 * 429, which means Channel360 did nothing, is retried, and `onRateLimited` hears of it.
 */
export async function postNotification(
	context: Channel360Context,
	body: NotificationBody,
	options: { itemIndex?: number; retry?: Partial<RetryPolicy>; onRateLimited?: (untilEpochMs: number) => void } = {},
): Promise<unknown> {
	return await channel360Request.call(context, {
		method: 'POST',
		path: NOTIFICATION_PATH,
		body: body as unknown as IDataObject,
		resource: 'notification',
		itemIndex: options.itemIndex,
		idempotent: false,
		retry: options.retry,
		onRateLimited: options.onRateLimited,
	});
}
