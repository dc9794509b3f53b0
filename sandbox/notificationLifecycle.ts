/**
 * What happens to a queued notification after POST /notification answered 201, one real-time
 * step (deliveryDelayMs) apart: Smooch accepts it (SUBMITTED), WhatsApp accepts it
 * (DELIVERED TO CHANNEL), the handset gets it (DELIVERED). Meta refuses templates that are not
 * APPROVED: the sandbox reports FAILED with a failure event whose error carries only a message
 * (neither the docs nor the source name a code for it, so the sandbox invents none).
 * With the repeatStatusEvents switch every status event is delivered a second time a step later.
 */
import type { SandboxContext } from './context';
import { appendMessage, renderTemplateBody } from './conversations';
import { objectId, uuid } from './ids';
import { messageAppMakerEvent, notificationEvent } from './payloads';
import { customerLabel, type AppUserRecord, type SmoochMessage } from './store';
import type { SandboxNotification, SandboxTemplate } from './types';

export const NOT_APPROVED_REASON = 'Template is not approved';

/** Channel360's status rules: a late "channel" never downgrades DELIVERED or READ, nor "user" READ. */
function moveTo(notification: SandboxNotification, status: string, at: number): void {
	const current = notification.status;
	if (status === 'DELIVERED TO CHANNEL' && (current === 'DELIVERED' || current === 'READ')) return;
	if (status === 'DELIVERED' && current === 'READ') return;
	notification.status = status;
	notification.statusHistory.push({ status, at });
}

function templateMessage(ctx: SandboxContext, notification: SandboxNotification, template: SandboxTemplate, at: number): SmoochMessage {
	const org = ctx.store.organisation(notification.orgId);
	return {
		_id: objectId(at),
		role: 'appMaker',
		type: 'text',
		text: renderTemplateBody(template.components, notification.components) ?? `[template ${template.name}]`,
		authorId: org.appMakerId,
		name: org.name,
		received: at / 1000,
		source: { type: 'notification', id: uuid() },
	};
}

export function startNotificationDelivery(ctx: SandboxContext, notification: SandboxNotification, template: SandboxTemplate): void {
	const step = ctx.settings.deliveryDelayMs;
	const org = ctx.store.organisation(notification.orgId);
	const emit = async (trigger: Parameters<typeof notificationEvent>[0], user: AppUserRecord, error?: { message: string }) => {
		const event = notificationEvent(trigger, org, user, notification, ctx.clock.now(), error);
		await ctx.dispatcher.emit(org.orgId, trigger, event);
		if (ctx.settings.repeatStatusEvents) ctx.scheduler.after(step, () => ctx.dispatcher.emit(org.orgId, trigger, event));
	};

	ctx.scheduler.after(step, () => {
		const at = ctx.clock.now();
		// Smooch matches the number to an appUser (creating one) as soon as it accepts the notification.
		const user = ctx.store.ensureAppUser(org.orgId, notification.destination, at);
		notification.appUserId = user.appUserId;
		moveTo(notification, 'SUBMITTED', at);

		if (template.status !== 'APPROVED') {
			ctx.scheduler.after(step, async () => {
				notification.failureReason = NOT_APPROVED_REASON;
				moveTo(notification, 'FAILED', ctx.clock.now());
				ctx.settings.log(`notification ${notification.id} FAILED (${template.name} is ${template.status})`);
				await emit('notification:delivery:failure', user, { message: NOT_APPROVED_REASON });
			});
			return;
		}

		ctx.scheduler.after(step, async () => {
			const channelAt = ctx.clock.now();
			moveTo(notification, 'DELIVERED TO CHANNEL', channelAt);
			// This is the moment Channel360 writes its AppUser row: history by phone works from now on.
			user.knownToChannel360 = true;
			const message = templateMessage(ctx, notification, template, channelAt);
			appendMessage(user, channelAt, message);
			ctx.settings.log(`notification ${notification.id} (${template.name}) delivered to channel for ${customerLabel(user)}`);
			ctx.scheduler.after(step, async () => {
				moveTo(notification, 'DELIVERED', ctx.clock.now());
				await emit('notification:delivery:user', user);
			});
			await Promise.all([emit('notification:delivery:channel', user), ctx.dispatcher.emit(org.orgId, 'message:appMaker', messageAppMakerEvent(org, user, message))]);
		});
	});
}
