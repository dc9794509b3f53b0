/**
 * Channel360's inbound opt-out / opt-in keywords, as its webhook service's MessageProcessor
 * applies them [source]: the message text, upper-cased but not trimmed, must equal a keyword;
 * only a conversation with a notification on record counts (else nothing happens); the
 * subscriber with that notification's number changes opt status; and Channel360 answers with
 * the organisation's opt-out / opt-in confirmation text (Settings, defaults from the source).
 */
import { sendBusinessText } from './businessMessages';
import type { SandboxContext } from './context';
import { DEFAULT_OPT_IN_MESSAGE, DEFAULT_OPT_OUT_MESSAGE, phoneDigits, type AppUserRecord, type SmoochMessage } from './store';

const OPT_OUT = ['STOP', 'STOPALL', 'STOP ALL', 'STOP ALL MESSAGES', 'OPT OUT', 'OPTOUT', 'UNSUBSCRIBE', 'UNSUB', 'UNSUB ALL'];
const OPT_IN = ['OPTIN', 'OPT IN', 'SUBSCRIBE'];

/** false = opt out, true = opt in, undefined = an ordinary message. */
export function optInChangeFor(text: string | undefined): boolean | undefined {
	const upper = (text ?? '').toUpperCase();
	if (OPT_OUT.includes(upper)) return false;
	if (OPT_IN.includes(upper)) return true;
	return undefined;
}

/** Statuses Channel360 reaches only through a delivery event, which is what records the conversation on the notification. */
const RECORDED = new Set(['DELIVERED TO CHANNEL', 'DELIVERED', 'READ', 'FAILED']);

export async function applyOptKeyword(ctx: SandboxContext, orgId: string, user: AppUserRecord, message: SmoochMessage): Promise<void> {
	if (message.type !== 'text') return;
	const optIn = optInChangeFor(message.text);
	if (optIn === undefined) return;
	const notification = ctx.store.notifications.find(
		(candidate) => candidate.orgId === orgId && candidate.appUserId === user.appUserId && RECORDED.has(candidate.status),
	);
	if (!notification) {
		ctx.settings.log(`"${message.text}" ignored: no notification on record for this conversation`);
		return;
	}
	const subscriber = ctx.store.subscriberByPhone(orgId, notification.destination);
	if (subscriber) {
		subscriber.optInStatus = optIn;
		subscriber.updatedAt = new Date(ctx.clock.now()).toISOString();
		subscriber.version += 1;
	}
	ctx.settings.log(`+${phoneDigits(notification.destination)} opted ${optIn ? 'in' : 'out'} ("${message.text}")`);
	const org = ctx.store.organisation(orgId);
	// Channel360 posts the confirmation to Smooch's API, so Smooch labels it an API message.
	await sendBusinessText(ctx, orgId, user, optIn ? (org.optInMessage ?? DEFAULT_OPT_IN_MESSAGE) : (org.optOutMessage ?? DEFAULT_OPT_OUT_MESSAGE), { origin: 'opt confirmation', sourceType: 'api' });
}
