/**
 * Free-form replies (endpoint 4): the documented types, mapped onto the Smooch message Channel360
 * posts. The 24-hour window is WhatsApp's rule: Smooch accepts the message (201) and the refusal
 * arrives later as message:delivery:failure 131047 ('async', real), or, for tests that want it,
 * at once as a 400 ('sync').
 */
import { appendMessage, isWindowOpen } from '../conversations';
import { ApiError, isNonEmptyString, isPlainObject, Validation } from '../errors';
import { objectId } from '../ids';
import { messageAppMakerEvent, messageDeliveryFailureEvent } from '../payloads';
import { customerLabel, phoneOf, type SmoochMessage } from '../store';
import type { SentMessage } from '../types';
import { bodyFields, type ApiRouter } from './handler';

const REPLY_TYPES = ['text', 'image', 'video', 'file', 'interactive'];
const MEDIA_TYPES = ['image', 'video', 'file'];
const MAX_TEXT = 4096;

function guessMediaType(type: string, url: string): string {
	const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
	if (type === 'video') return 'video/mp4';
	if (type === 'image') return extension === 'png' ? 'image/png' : 'image/jpeg';
	return extension === 'csv' ? 'text/csv' : 'application/pdf';
}

function validateReply(fields: Record<string, unknown>): string {
	const type = fields.type === undefined ? 'text' : fields.type;
	const validation = new Validation();
	if (!validation.check(typeof type === 'string' && REPLY_TYPES.includes(type), 'type', `type must be one of ${REPLY_TYPES.join(', ')}`)) {
		validation.throwIfFailed();
	}
	if (type === 'text') validation.check(isNonEmptyString(fields.text), 'text', 'text is required');
	if (MEDIA_TYPES.includes(type as string)) validation.check(isNonEmptyString(fields.mediaUrl), 'mediaUrl', 'mediaUrl is required');
	if (type === 'interactive') {
		validation.check(
			isPlainObject(fields.interactive) && isNonEmptyString(fields.interactive.type),
			'interactive',
			'interactive is required',
		);
	}
	if (fields.text !== undefined && type !== 'interactive') {
		validation.check(typeof fields.text === 'string' && fields.text.length <= MAX_TEXT, 'text', `text must be a string of at most ${MAX_TEXT} characters`);
	}
	if (fields.actions !== undefined) validation.check(Array.isArray(fields.actions), 'actions', 'actions must be an array');
	validation.throwIfFailed();
	return type as string;
}

export function registerReplyRoutes(router: ApiRouter): void {
	router.add('POST', '/whatsapp/appuser/:appUserId/reply', (ctx, { org, params, body }) => {
		const fields = bodyFields(body);
		const type = validateReply(fields);
		const user = ctx.store.appUserById(org.orgId, params.appUserId);
		// Real: Smooch answers 404 and Channel360 relays only axios' message.
		if (!user) throw ApiError.badRequest('Request failed with status code 404');

		const at = ctx.clock.now();
		const windowOpen = isWindowOpen(user, at);
		if (!windowOpen && ctx.settings.windowEnforcement === 'sync') {
			throw ApiError.badRequest('Request failed with status code 400');
		}

		const message: SmoochMessage = {
			_id: objectId(at),
			role: 'appMaker',
			// Smooch has no video or interactive message type: video goes as a file, interactive as its JSON.
			type: type === 'video' ? 'file' : type === 'interactive' ? 'text' : type,
			text:
				type === 'interactive'
					? JSON.stringify(fields.interactive)
					: ((fields.text as string | undefined) ?? (fields.mediaUrl as string | undefined)),
			authorId: org.appMakerId,
			name: org.name,
			avatarUrl: 'https://www.gravatar.com/avatar/00000000000000000000000000000000.png?s=200&d=mm',
			received: at / 1000,
			source: { type: 'api' },
		};
		if (MEDIA_TYPES.includes(type)) {
			message.mediaUrl = fields.mediaUrl as string;
			message.mediaType = guessMediaType(type, fields.mediaUrl as string);
		}
		if (Array.isArray(fields.actions)) message.actions = fields.actions;
		appendMessage(user, at, message);

		const phone = phoneOf(user);
		const sent: SentMessage = {
			id: message._id,
			orgId: org.orgId,
			appUserId: user.appUserId,
			...(phone ? { phone } : {}),
			type,
			...(typeof fields.text === 'string' ? { text: fields.text } : {}),
			...(MEDIA_TYPES.includes(type) ? { mediaUrl: fields.mediaUrl as string } : {}),
			...(type === 'interactive' ? { interactive: fields.interactive } : {}),
			...(Array.isArray(fields.actions) ? { actions: fields.actions } : {}),
			at,
			windowOpen,
			delivered: windowOpen,
		};
		ctx.store.sent.push(sent);
		ctx.settings.log(`reply ${type} to ${customerLabel(user)} (window ${windowOpen ? 'open' : 'closed'})`);

		void ctx.dispatcher.emit(org.orgId, 'message:appMaker', messageAppMakerEvent(org, user, message));
		if (!windowOpen) {
			ctx.scheduler.after(ctx.settings.deliveryDelayMs, () =>
				ctx.dispatcher.emit(org.orgId, 'message:delivery:failure', messageDeliveryFailureEvent(org, user, message._id, ctx.clock.now())),
			);
		}
		return { status: 201, body: { message, conversation: { _id: user.conversationId, unreadCount: 0 } } };
	});
}
