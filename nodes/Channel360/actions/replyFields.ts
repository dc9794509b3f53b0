import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildReplyBody, type ReplyBody, type ReplyButton, type ReplyListRow, type ReplyMessageType } from '../core/replyBody';

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
