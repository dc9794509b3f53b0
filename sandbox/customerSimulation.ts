/**
 * What a customer does on their phone, as tests and the demo trigger it: write a message, read
 * the conversation, submit a Flow. Each resolves only once its webhook deliveries finished, so a
 * test can assert on what its receiver got right after awaiting.
 */
import type { SandboxContext } from './context';
import { appendMessage } from './conversations';
import { objectId, whatsappMessageId } from './ids';
import { optInChangeFor } from './optKeywords';
import { conversationReadEvent, flowSubmissionEvent, messageAppUserEvent } from './payloads';
import { phoneDigits, type AppUserRecord, type SmoochMessage } from './store';
import type { InboundMessageInput, InboundMessageResult } from './types';

const DEFAULT_MEDIA_TYPE: Record<string, string> = { image: 'image/jpeg', file: 'application/pdf' };

function requirePhone(phone: unknown): string {
	if (typeof phone !== 'string' && typeof phone !== 'number') throw new Error('phone is required (e.g. +27821234567)');
	if (phoneDigits(String(phone)).length < 6) throw new Error(`phone "${phone}" has too few digits`);
	return String(phone);
}

function customerMessage(ctx: SandboxContext, orgId: string, user: AppUserRecord, input: InboundMessageInput, at: number): SmoochMessage {
	const org = ctx.store.organisation(orgId);
	const type = input.type ?? 'text';
	const message: SmoochMessage = {
		_id: objectId(at),
		type,
		role: 'appUser',
		authorId: user.appUserId,
		name: user.name ?? '',
		received: at / 1000,
		source: {
			type: 'whatsapp',
			integrationId: org.integrationId,
			originalMessageId: whatsappMessageId(),
			originalMessageTimestamp: Math.floor(at / 1000),
		},
	};
	if (type === 'text') {
		if (typeof input.text !== 'string' || input.text === '') throw new Error('text is required for a text message');
		message.text = input.text;
	} else if (type === 'image' || type === 'file') {
		if (!input.mediaUrl) throw new Error(`mediaUrl is required for an ${type} message`);
		// Smooch puts the media URL in `text` when there is no caption.
		message.text = input.text ?? input.mediaUrl;
		message.mediaUrl = input.mediaUrl;
		message.mediaType = input.mediaType ?? DEFAULT_MEDIA_TYPE[type];
		message.mediaSize = 183422;
	} else if (type === 'location') {
		message.coordinates = { lat: -26.1076, long: 28.0567 };
		message.text = input.text ?? 'Location shared: -26.1076, 28.0567';
	} else {
		throw new Error(`type must be text, image, file or location, got ${String(type)}`);
	}
	if (input.payload !== undefined) message.payload = input.payload;
	return message;
}

export async function simulateInboundMessage(ctx: SandboxContext, orgId: string, input: InboundMessageInput): Promise<InboundMessageResult> {
	const phone = requirePhone(input.phone);
	const at = input.at ?? ctx.clock.now();
	const org = ctx.store.organisation(orgId);
	// Validate before creating anything, so a bad call leaves no appUser behind.
	const probe: AppUserRecord = { appUserId: '', orgId, phoneDigits: '', conversationId: '', clientId: '', knownToChannel360: false, messages: [] };
	customerMessage(ctx, orgId, probe, input, at);

	const existing = ctx.store.appUserByPhone(orgId, phone);
	const name = input.name ?? existing?.name ?? `Customer ${phoneDigits(phone).slice(-4)}`;
	const user = ctx.store.ensureAppUser(orgId, phone, at, name);
	const message = customerMessage(ctx, orgId, user, input, at);
	appendMessage(user, at, message);

	const optIn = input.type === undefined || input.type === 'text' ? optInChangeFor(input.text) : undefined;
	const subscriber = optIn === undefined ? undefined : ctx.store.subscriberByPhone(orgId, phone);
	if (subscriber && optIn !== undefined) {
		subscriber.optInStatus = optIn;
		subscriber.updatedAt = new Date(at).toISOString();
		subscriber.version += 1;
	}
	ctx.settings.log(`inbound ${input.type ?? 'text'} from +${user.phoneDigits}${optIn === undefined ? '' : optIn ? ' (opt in)' : ' (opt out)'}`);

	// Channel360 forwards message:appUser first, before any processing of its own.
	await ctx.dispatcher.emit(orgId, 'message:appUser', messageAppUserEvent(org, user, message, at));
	return { appUserId: user.appUserId, messageId: message._id, conversationId: user.conversationId };
}

function findCustomer(ctx: SandboxContext, orgId: string, who: { phone?: string; appUserId?: string }): AppUserRecord {
	const user = who.appUserId
		? ctx.store.appUserById(orgId, who.appUserId)
		: who.phone
			? ctx.store.appUserByPhone(orgId, who.phone)
			: undefined;
	if (!user) throw new Error(`no appUser for ${who.appUserId ?? who.phone ?? '(nobody: give phone or appUserId)'} in org ${orgId}`);
	return user;
}

/** Read receipts are per conversation: every notification of it becomes READ. */
export async function simulateRead(ctx: SandboxContext, orgId: string, who: { phone?: string; appUserId?: string }): Promise<void> {
	const user = findCustomer(ctx, orgId, who);
	const at = ctx.clock.now();
	for (const notification of ctx.store.notifications) {
		if (notification.orgId === orgId && notification.appUserId === user.appUserId && notification.status !== 'FAILED') {
			notification.status = 'READ';
			notification.statusHistory.push({ status: 'READ', at });
		}
	}
	await ctx.dispatcher.emit(orgId, 'conversation:read', conversationReadEvent(ctx.store.organisation(orgId), user, at));
}

/** A Flow submission counts as a customer message (it refreshes the window). */
export async function simulateFlowSubmission(
	ctx: SandboxContext,
	orgId: string,
	input: { phone: string; name?: string; response: unknown; flowToken?: string },
): Promise<InboundMessageResult> {
	const phone = requirePhone(input.phone);
	const at = ctx.clock.now();
	const org = ctx.store.organisation(orgId);
	const user = ctx.store.ensureAppUser(orgId, phone, at, input.name ?? ctx.store.appUserByPhone(orgId, phone)?.name);
	const text = typeof input.response === 'string' ? input.response : JSON.stringify(input.response ?? {});
	const message = customerMessage(ctx, orgId, user, { phone, text }, at);
	appendMessage(user, at, message);
	await ctx.dispatcher.emit(orgId, 'flow:submission', flowSubmissionEvent(org, user, message, input.flowToken, at));
	return { appUserId: user.appUserId, messageId: message._id, conversationId: user.conversationId };
}
