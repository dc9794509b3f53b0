/**
 * Channel360 subscribers (the opt-in list) as the node needs them: finding one by phone
 * number, and the full-record PUT that opting in or out takes. Pure.
 */
import { digitsOf } from './phone';

export interface SubscriberRecord {
	id?: string;
	mobileNumber?: string;
	firstName?: string;
	lastName?: string;
	optInStatus?: boolean;
	[key: string]: unknown;
}

/** The `search` term that finds a number: digits only, since a leading `+` is an invalid regex there. */
export function phoneSearchTerm(phone: string): string {
	return digitsOf(phone);
}

/** The subscriber records of a GET /subscribers page (`{ data: [...] }`), tolerating odd bodies. */
export function subscribersOfPage(body: unknown): SubscriberRecord[] {
	const data = (body as { data?: unknown } | null)?.data;
	return Array.isArray(data) ? (data.filter((entry) => typeof entry === 'object' && entry !== null) as SubscriberRecord[]) : [];
}

export function totalPagesOf(body: unknown): number {
	const total = (body as { totalPages?: unknown } | null)?.totalPages;
	return typeof total === 'number' && Number.isFinite(total) ? total : 1;
}

/** The search is a substring match over names and numbers: keep only the exact number. */
export function subscriberWithPhone(records: readonly SubscriberRecord[], phone: string): SubscriberRecord | undefined {
	const wanted = digitsOf(phone);
	return records.find((record) => typeof record.mobileNumber === 'string' && digitsOf(record.mobileNumber) === wanted);
}

/** The GET /subscribers/{id} answer is the subscriber itself (plus groups). */
export function subscriberOfResponse(body: unknown): SubscriberRecord {
	const record = (body as { data?: unknown } | null)?.data ?? body;
	return (typeof record === 'object' && record !== null ? record : {}) as SubscriberRecord;
}

/**
 * PUT /subscribers/{id} writes every key and clears the ones it is not given, so an opt-in
 * change re-sends the whole record.
 */
export function optStatusUpdate(subscriber: SubscriberRecord, optIn: boolean): Record<string, unknown> {
	const body: Record<string, unknown> = { mobileNumber: subscriber.mobileNumber, optInStatus: optIn };
	if (subscriber.firstName !== undefined) body.firstName = subscriber.firstName;
	if (subscriber.lastName !== undefined) body.lastName = subscriber.lastName;
	return body;
}
