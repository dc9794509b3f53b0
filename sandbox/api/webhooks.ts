/**
 * Webhook management (endpoints 1-3). No secret field and no update endpoint exist; create does
 * not return the id, so clients list and match on `target`.
 */
import { castError, isNonEmptyString, Validation } from '../errors';
import { isObjectId, objectId } from '../ids';
import { bodyFields, type ApiRouter } from './handler';

export function registerWebhookRoutes(router: ApiRouter): void {
	router.add('POST', '/webhooks', (ctx, { org, body }) => {
		const { target, triggers } = bodyFields(body);
		const validation = new Validation();
		validation.check(isNonEmptyString(target), 'target', 'target is required');
		// Mongoose coerces a single string into a one-element array.
		const list = typeof triggers === 'string' ? [triggers] : triggers;
		validation.check(Array.isArray(list) && list.length > 0, 'triggers', 'triggers is required');
		validation.throwIfFailed();
		const now = new Date(ctx.clock.now()).toISOString();
		ctx.store.webhooks.push({
			id: objectId(ctx.clock.now()),
			organization: org.orgId,
			target: target as string,
			triggers: (list as unknown[]).map(String),
			createdAt: now,
			updatedAt: now,
			version: 0,
		});
		return { status: 201, body: { message: 'Webhook created successfully' } };
	});

	router.add('GET', '/webhooks', (ctx, { org }) => ({
		status: 200,
		// Key order of the real JSON: organization … version, then the renamed id.
		body: ctx.store.webhooks
			.filter((webhook) => webhook.organization === org.orgId)
			.map(({ id, ...rest }) => ({ ...rest, id })),
	}));

	// Real: deletes by id regardless of org and always answers 200. Sandbox: scoped to the org.
	router.add('DELETE', '/webhooks/:webhookId', (ctx, { org, params }) => {
		if (!isObjectId(params.webhookId)) throw castError(params.webhookId, 'Webhook');
		ctx.store.webhooks = ctx.store.webhooks.filter(
			(webhook) => !(webhook.id === params.webhookId && webhook.organization === org.orgId),
		);
		return { status: 200, body: { message: 'Webhook deleted successfully' } };
	});
}
