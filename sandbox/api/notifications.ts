/**
 * Template notifications (endpoint 6): validated like the real express-validator chain, queued
 * with a Channel360 id, then moved along asynchronously by notificationLifecycle. No opt-in
 * check, exactly like the real endpoint.
 */
import { ApiError, isNonEmptyString, isPlainObject, Validation } from '../errors';
import { objectId } from '../ids';
import { startNotificationDelivery } from '../notificationLifecycle';
import { templateForNotification } from '../templates';
import type { SandboxNotification } from '../types';
import { bodyFields, type ApiRouter } from './handler';

interface ValidNotification {
	destination: string;
	name: string;
	language: string;
	components: unknown[];
}

function validateNotification(body: unknown): ValidNotification {
	const { destination, message } = bodyFields(body);
	const validation = new Validation();
	validation.check(isNonEmptyString(destination), 'destination', 'Destination is required');
	if (message === undefined || message === null) {
		// Both checks on `message` fail for a missing message; the nested ones are not reported.
		validation.fail('message', 'Message must be provided');
		validation.fail('message', 'Message must be a non-empty object');
	} else if (!isPlainObject(message) || Object.keys(message).length === 0) {
		validation.fail('message', 'Message must be a non-empty object');
	} else {
		const template = isPlainObject(message.template) ? message.template : {};
		const language = isPlainObject(template.language) ? template.language : {};
		validation.check(message.type === 'template', 'message', 'Message type must be "template"');
		validation.check(isNonEmptyString(template.name), 'message', 'Template name is required');
		validation.check(
			isNonEmptyString(language.policy) && isNonEmptyString(language.code),
			'message',
			'Template language policy and code must be provided',
		);
		validation.check(Array.isArray(template.components), 'message', 'Template components must be an array');
	}
	validation.throwIfFailed();
	const template = (message as { template: { name: string; language: { code: string }; components: unknown[] } }).template;
	return {
		destination: destination as string,
		name: template.name,
		language: template.language.code,
		components: template.components,
	};
}

export function registerNotificationRoutes(router: ApiRouter): void {
	router.add('POST', '/notification', (ctx, { org, body }) => {
		const valid = validateNotification(body);
		const template = templateForNotification(ctx.store, org.orgId, valid.name, valid.language);
		if (!template) throw ApiError.badRequest('Could not find a valid template');

		const at = ctx.clock.now();
		const notification: SandboxNotification = {
			id: objectId(at),
			orgId: org.orgId,
			destination: valid.destination,
			templateName: template.name,
			language: valid.language,
			components: valid.components,
			status: 'PENDING',
			statusHistory: [{ status: 'PENDING', at }],
		};
		ctx.store.notifications.push(notification);
		ctx.settings.log(`notification ${notification.id} queued: ${template.name} to ${valid.destination}`);
		startNotificationDelivery(ctx, notification, template);
		return { status: 201, body: { notification: { _id: notification.id } } };
	});
}
