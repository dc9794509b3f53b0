/** All Channel360 API routes, relative to `/v1.1/org/:orgId`. */
import { Router } from '../router';
import type { ApiHandler } from './handler';
import { registerHistoryRoutes } from './history';
import { registerNotificationRoutes } from './notifications';
import { registerReplyRoutes } from './reply';
import { registerSubscriberRoutes } from './subscribers';
import { registerTemplateRoutes } from './templates';
import { registerWebhookRoutes } from './webhooks';

export function buildApiRouter(): Router<ApiHandler> {
	const router = new Router<ApiHandler>();
	registerWebhookRoutes(router);
	registerReplyRoutes(router);
	registerHistoryRoutes(router);
	registerNotificationRoutes(router);
	registerTemplateRoutes(router);
	registerSubscriberRoutes(router);
	return router;
}
