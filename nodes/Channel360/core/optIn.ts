/**
 * Whether a recipient may get a business-initiated template. Channel360's POST /notification
 * never checks opt-in, so the node decides before sending. Pure.
 */
import { subscriberWithPhone, type SubscriberRecord } from './subscribers';

export type OptInSource = 'channel360' | 'field' | 'none';

export interface OptInDecision {
	optedIn: boolean;
	reason: string;
	subscriberId?: string;
}

export function optInFromSubscribers(phone: string, records: readonly SubscriberRecord[]): OptInDecision {
	const subscriber = subscriberWithPhone(records, phone);
	if (!subscriber) {
		return { optedIn: false, reason: `${phone} is not in the Channel360 subscriber list, so there is no record of an opt-in` };
	}
	const subscriberId = typeof subscriber.id === 'string' ? subscriber.id : undefined;
	if (subscriber.optInStatus === true) {
		return { optedIn: true, reason: 'the Channel360 subscriber is opted in', subscriberId };
	}
	return { optedIn: false, reason: `the Channel360 subscriber ${phone} has opted out`, subscriberId };
}

const YES = new Set(['true', 'yes', 'y', '1', 'opted in', 'optin', 'opt-in']);

export function optInFromField(value: unknown): OptInDecision {
	const optedIn = value === true || value === 1 || (typeof value === 'string' && YES.has(value.trim().toLowerCase()));
	return optedIn
		? { optedIn: true, reason: 'the mapped Opted In value is true' }
		: { optedIn: false, reason: `the mapped Opted In value is ${JSON.stringify(value ?? null)}, not true` };
}

export const OPT_IN_NOT_CHECKED: OptInDecision = {
	optedIn: true,
	reason: 'opt-in not checked by the node (Opt-In Check is "None")',
};
