/**
 * Conversation history by phone (endpoint 5). Channel360 maps the number to an appUser through
 * its own table, which only gets a row once a notification reached the number; a customer who
 * only ever wrote in is "not found" unless historyRequiresNotification is turned off.
 */
import { messagesInOrder } from '../conversations';
import { ApiError } from '../errors';
import { phoneDigits } from '../store';
import type { ApiRouter } from './handler';

export function registerHistoryRoutes(router: ApiRouter): void {
	router.add('GET', '/whatsapp/subscriber/:destinationId/conversation/history', (ctx, { org, params }) => {
		const digits = phoneDigits(params.destinationId);
		const user = digits ? ctx.store.appUserByPhone(org.orgId, digits) : undefined;
		if (!user || (ctx.settings.historyRequiresNotification && !user.knownToChannel360)) {
			throw ApiError.badRequest('AppUser not found');
		}
		return {
			status: 200,
			body: {
				conversation: {
					_id: user.conversationId,
					appMakers: [org.appMakerId],
					appUsers: [user.appUserId],
					unreadCount: 0,
					messages: messagesInOrder(user),
				},
			},
		};
	});
}
