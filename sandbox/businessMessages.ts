/**
 * Text the business side sends without a POST /reply: Channel360's own opt keyword
 * confirmation and a human agent writing from the inbox. Both are appMaker messages in the
 * conversation, listed with the sent messages (marked by origin) and forwarded as message:appMaker.
 */
import type { SandboxContext } from './context';
import { appendMessage, isWindowOpen } from './conversations';
import { objectId } from './ids';
import { messageAppMakerEvent } from './payloads';
import { customerLabel, phoneOf, type AppUserRecord, type SmoochMessage } from './store';
import type { SentMessage } from './types';

export async function sendBusinessText(
	ctx: SandboxContext,
	orgId: string,
	user: AppUserRecord,
	text: string,
	how: { origin: NonNullable<SentMessage['origin']>; sourceType: string; authorName?: string },
): Promise<SmoochMessage> {
	const org = ctx.store.organisation(orgId);
	const at = ctx.clock.now();
	const windowOpen = isWindowOpen(user, at);
	const message: SmoochMessage = {
		_id: objectId(at),
		role: 'appMaker',
		type: 'text',
		text,
		authorId: org.appMakerId,
		name: how.authorName ?? org.name,
		received: at / 1000,
		source: { type: how.sourceType },
	};
	appendMessage(user, at, message);
	const phone = phoneOf(user);
	ctx.store.sent.push({
		id: message._id,
		orgId,
		appUserId: user.appUserId,
		...(phone ? { phone } : {}),
		origin: how.origin,
		type: 'text',
		text,
		at,
		windowOpen,
		delivered: windowOpen,
	});
	ctx.settings.log(`${how.origin} to ${customerLabel(user)}: ${text}`);
	await ctx.dispatcher.emit(orgId, 'message:appMaker', messageAppMakerEvent(org, user, message));
	return message;
}
