import type { IDataObject } from 'n8n-workflow';

import type { ReplyBody } from '../core/replyBody';
import { channel360Request, type Channel360Context } from './channel360Request';

/** Channel360's session-message endpoint (Message → Send, Reply, Send and Wait). */
export async function postReply(context: Channel360Context, appUserId: string, body: ReplyBody, itemIndex?: number): Promise<IDataObject> {
	return (await channel360Request.call(context, {
		method: 'POST',
		path: `/whatsapp/appuser/${encodeURIComponent(appUserId)}/reply`,
		body: body as unknown as IDataObject,
		resource: 'message',
		itemIndex,
		// A reply is not idempotent: a 5xx or dropped connection may have sent it already.
		idempotent: false,
	})) as IDataObject;
}
