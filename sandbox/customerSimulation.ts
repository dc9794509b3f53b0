/**
 * What a customer does on their phone, as tests and the demo trigger it: write a message, tap a
 * button, read the conversation, submit a Flow. Each resolves only once its webhook deliveries
 * finished, so a test can assert on what its receiver got right after awaiting.
 */
import { createHash } from 'node:crypto';

import { pickChoice } from './buttonTap';
import type { SandboxContext } from './context';
import { appendMessage } from './conversations';
import { objectId, whatsappMessageId } from './ids';
import { applyOptKeyword } from './optKeywords';
import { conversationReadEvent, flowSubmissionEvent, messageAppUserEvent } from './payloads';
import { customerLabel, phoneDigits, type AppUserRecord, type SmoochMessage } from './store';
import type { ButtonTapInput, ButtonTapResult, InboundMessageInput, InboundMessageResult } from './types';

const DEFAULT_MEDIA_TYPE: Record<string, string> = { image: 'image/jpeg', file: 'application/pdf' };

/** Country prefixes of the business-scoped ids the sandbox makes up (Meta's form: CC.digits). */
const COUNTRY_BY_PREFIX: Array<[string, string]> = [['27', 'ZA'], ['1', 'US'], ['44', 'GB'], ['234', 'NG'], ['254', 'KE']];

function requirePhone(phone: unknown): string {
	if (typeof phone !== 'string' && typeof phone !== 'number') throw new Error('phone is required (e.g. +27821234567), or appUserId / businessScopedUserId');
	if (phoneDigits(String(phone)).length < 6) throw new Error(`phone "${phone}" has too few digits`);
	return String(phone);
}

/**
 * A stable business-scoped user id for a number whose owner hides it, so the same "phone" on the
 * control page is always the same phone-less customer. The real id is Meta's, unrelated to the number.
 */
export function businessScopedIdFor(orgId: string, phone: string): string {
	const digits = phoneDigits(phone);
	const country = COUNTRY_BY_PREFIX.find(([prefix]) => digits.startsWith(prefix))?.[1] ?? 'ZZ';
	const hash = createHash('sha256').update(`${orgId}:${digits}`).digest();
	let id = '';
	for (let index = 0; id.length < 20; index++) id += String(hash[index] % 10);
	return `${country}.${id}`;
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

/** The customer a message comes from, created on first contact the way Smooch does. */
function customerFor(ctx: SandboxContext, orgId: string, input: InboundMessageInput, at: number): AppUserRecord {
	if (input.appUserId) return findCustomer(ctx, orgId, { appUserId: input.appUserId });
	const hidesPhone = input.businessScopedUserId !== undefined || (input.hidePhone ?? ctx.settings.phonelessCustomers);
	if (hidesPhone) {
		const businessScopedUserId = input.businessScopedUserId ?? businessScopedIdFor(orgId, requirePhone(input.phone));
		const known = ctx.store.appUserByBusinessScopedId(orgId, businessScopedUserId);
		const username = input.username ?? known?.username ?? (input.phone ? `customer_${phoneDigits(input.phone).slice(-4)}` : undefined);
		const name = input.name ?? known?.name ?? username ?? 'Customer';
		return ctx.store.ensurePhonelessAppUser(orgId, { businessScopedUserId, username }, at, name);
	}
	const phone = requirePhone(input.phone);
	const existing = ctx.store.appUserByPhone(orgId, phone);
	const name = input.name ?? existing?.name ?? `Customer ${phoneDigits(phone).slice(-4)}`;
	return ctx.store.ensureAppUser(orgId, phone, at, name);
}

/**
 * A customer message as Channel360 handles it: forwarded as message:appUser first, then its
 * opt keyword processing (which may opt the number out and answer with the confirmation).
 */
async function deliverCustomerMessage(ctx: SandboxContext, orgId: string, user: AppUserRecord, input: InboundMessageInput): Promise<InboundMessageResult> {
	const at = input.at ?? ctx.clock.now();
	const message = customerMessage(ctx, orgId, user, input, at);
	appendMessage(user, at, message);
	ctx.settings.log(`inbound ${input.type ?? 'text'} from ${customerLabel(user)}`);
	await ctx.dispatcher.emit(orgId, 'message:appUser', messageAppUserEvent(ctx.store.organisation(orgId), user, message, at));
	await applyOptKeyword(ctx, orgId, user, message);
	return { appUserId: user.appUserId, messageId: message._id, conversationId: user.conversationId };
}

export async function simulateInboundMessage(ctx: SandboxContext, orgId: string, input: InboundMessageInput): Promise<InboundMessageResult> {
	if (typeof input !== 'object' || input === null) throw new Error('give the message: { phone, text } (or appUserId / businessScopedUserId)');
	const at = input.at ?? ctx.clock.now();
	ctx.store.organisation(orgId);
	// Validate before creating anything, so a bad call leaves no appUser behind.
	const probe: AppUserRecord = { appUserId: '', orgId, conversationId: '', clientId: '', knownToChannel360: false, messages: [] };
	customerMessage(ctx, orgId, probe, input, at);
	if (!input.appUserId && input.businessScopedUserId === undefined) requirePhone(input.phone);
	const user = customerFor(ctx, orgId, input, at);
	return deliverCustomerMessage(ctx, orgId, user, { ...input, at });
}

function findCustomer(ctx: SandboxContext, orgId: string, who: { phone?: string; appUserId?: string }): AppUserRecord {
	const user = who.appUserId
		? ctx.store.appUserById(orgId, who.appUserId)
		: who.phone
			? (ctx.store.appUserByPhone(orgId, who.phone) ?? ctx.store.appUserByBusinessScopedId(orgId, businessScopedIdFor(orgId, who.phone)))
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
	const event = conversationReadEvent(ctx.store.organisation(orgId), user, at);
	await ctx.dispatcher.emit(orgId, 'conversation:read', event);
	if (ctx.settings.repeatStatusEvents) ctx.scheduler.after(ctx.settings.deliveryDelayMs, () => ctx.dispatcher.emit(orgId, 'conversation:read', event));
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

/**
 * The customer taps a reply button or list row of an interactive message the business sent
 * (by default the latest one sent to them that offers choices). It arrives as their message
 * with the choice's title as text and its id as payload, and counts as any customer message
 * (it refreshes the window).
 */
export async function simulateButtonTap(ctx: SandboxContext, orgId: string, input: ButtonTapInput): Promise<ButtonTapResult> {
	if (typeof input !== 'object' || input === null) throw new Error('give the tap: { appUserId or phone, buttonId or title }');
	const user = findCustomer(ctx, orgId, input);
	const sentToThem = ctx.store.sent.filter((sent) => sent.orgId === orgId && sent.appUserId === user.appUserId);
	const sent = input.messageId
		? sentToThem.find((candidate) => candidate.id === input.messageId)
		: [...sentToThem].reverse().find((candidate) => candidate.type === 'interactive' || Array.isArray(candidate.actions));
	if (!sent) {
		throw new Error(
			input.messageId
				? `no message ${input.messageId} was sent to ${user.appUserId} in org ${orgId}`
				: `nothing with buttons was sent to ${user.appUserId} in org ${orgId}: send an interactive reply first`,
		);
	}
	const choice = pickChoice(sent, input);
	const tapped = await deliverCustomerMessage(ctx, orgId, user, { type: 'text', text: choice.title, payload: choice.id, at: input.at });
	return { ...tapped, buttonId: choice.id, title: choice.title, repliedTo: sent.id };
}
