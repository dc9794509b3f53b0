/** Subscriber records: creation rules shared by the API and addSubscriber, and the unique index. */
import { ApiError } from './errors';
import { objectId } from './ids';
import { phoneDigits, type SandboxStore } from './store';
import type { SandboxSubscriber, SubscriberInput } from './types';

/** The real service prefixes a missing `+`. */
export const withPlus = (mobileNumber: string): string => (mobileNumber.startsWith('+') ? mobileNumber : `+${mobileNumber}`);

/** Mongo's unique (organization, mobileNumber) index, with its error text. */
export function assertUniqueNumber(store: SandboxStore, orgId: string, mobileNumber: string, exceptId?: string): void {
	const clash = store.subscribers.find(
		(s) => s.organization === orgId && s.id !== exceptId && phoneDigits(s.mobileNumber) === phoneDigits(mobileNumber),
	);
	if (clash) {
		throw ApiError.badRequest(
			`E11000 duplicate key error collection: subscriber.subscribers index: organization_1_mobileNumber_1 dup key: { organization: ObjectId('${orgId}'), mobileNumber: "${mobileNumber}" }`,
		);
	}
}

export function createSubscriberRecord(store: SandboxStore, orgId: string, input: SubscriberInput, at: number): SandboxSubscriber {
	const mobileNumber = withPlus(input.mobileNumber);
	assertUniqueNumber(store, orgId, mobileNumber);
	const now = new Date(at).toISOString();
	const subscriber: SandboxSubscriber = {
		id: objectId(at),
		organization: orgId,
		mobileNumber,
		...(input.firstName !== undefined ? { firstName: input.firstName } : {}),
		...(input.lastName !== undefined ? { lastName: input.lastName } : {}),
		optInStatus: input.optInStatus ?? true,
		createdAt: now,
		updatedAt: now,
		version: 0,
	};
	store.subscribers.push(subscriber);
	return subscriber;
}
