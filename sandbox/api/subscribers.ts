/**
 * Subscribers (endpoints 14-19), including the real service's quirks: search is a regex (a
 * leading "+" is an invalid one → 400), a PUT clears every key it was not given, and "not
 * found" is a 400.
 */
import { ApiError, castError, isNonEmptyString } from '../errors';
import { isObjectId } from '../ids';
import { assertUniqueNumber, createSubscriberRecord } from '../subscribers';
import type { SandboxSubscriber } from '../types';
import { bodyFields, type ApiRequest, type ApiRouter } from './handler';
import type { SandboxContext } from '../context';

const DEFAULT_PAGE = 1;
const DEFAULT_LIMIT = 10;

function pageParameter(value: string | null, fallback: number): number {
	const parsed = parseInt(value ?? '', 10);
	if (parsed < 0) throw ApiError.badRequest('Page and limit parameters must be greater than zero.');
	return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

function searchPattern(search: string | null): RegExp | undefined {
	if (!search) return undefined;
	try {
		return new RegExp(search, 'i');
	} catch (error) {
		throw ApiError.badRequest((error as Error).message);
	}
}

function subscriberOf(ctx: SandboxContext, request: ApiRequest): SandboxSubscriber {
	const id = request.params.subscriberId;
	if (!isObjectId(id)) throw castError(id, 'Subscriber');
	const subscriber = ctx.store.subscribers.find((s) => s.id === id && s.organization === request.org.orgId);
	if (!subscriber) throw ApiError.badRequest('Subscriber not found');
	return subscriber;
}

export function registerSubscriberRoutes(router: ApiRouter): void {
	router.add('GET', '/subscribers', (ctx, { org, query }) => {
		const page = pageParameter(query.get('page'), DEFAULT_PAGE);
		const limit = pageParameter(query.get('limit'), DEFAULT_LIMIT);
		const pattern = searchPattern(query.get('search'));
		const matching = ctx.store.subscribers
			.filter((s) => s.organization === org.orgId)
			.filter((s) => !pattern || [s.firstName, s.lastName, s.mobileNumber].some((value) => value !== undefined && pattern.test(value)))
			// Newest first; records of the same instant in reverse creation order.
			.map((subscriber, index) => ({ subscriber, index }))
			.sort((a, b) => b.subscriber.createdAt.localeCompare(a.subscriber.createdAt) || b.index - a.index)
			.map(({ subscriber }) => subscriber);
		return {
			status: 200,
			body: {
				totalDocuments: matching.length,
				totalPages: Math.ceil(matching.length / limit),
				data: matching.slice((page - 1) * limit, page * limit),
			},
		};
	});

	router.add('POST', '/subscribers', (ctx, { org, body }) => {
		const fields = bodyFields(body);
		// The real handler calls mobileNumber.startsWith before any validation.
		if (typeof fields.mobileNumber !== 'string') throw ApiError.badRequest("Cannot read properties of undefined (reading 'startsWith')");
		const subscriber = createSubscriberRecord(
			ctx.store,
			org.orgId,
			{
				mobileNumber: fields.mobileNumber,
				firstName: fields.firstName as string | undefined,
				lastName: fields.lastName as string | undefined,
				optInStatus: true, // optInStatus in the body is ignored
			},
			ctx.clock.now(),
		);
		return { status: 201, body: { message: 'Subscriber Created Successfully', data: subscriber } };
	});

	router.add('GET', '/subscribers/:subscriberId', (ctx, request) => {
		const { organization: _organization, version: _version, ...subscriber } = subscriberOf(ctx, request);
		return {
			status: 200,
			body: { ...subscriber, groups: { totalDocuments: 0, totalPages: 0, data: [] } },
		};
	});

	router.add('PUT', '/subscribers/:subscriberId', (ctx, request) => {
		const subscriber = subscriberOf(ctx, request);
		const fields = bodyFields(request.body);
		if (!isNonEmptyString(fields.mobileNumber)) {
			throw ApiError.badRequest('Subscriber validation failed: mobileNumber: Path `mobileNumber` is required.');
		}
		assertUniqueNumber(ctx.store, request.org.orgId, fields.mobileNumber, subscriber.id);
		subscriber.mobileNumber = fields.mobileNumber;
		// Every key is written, so omitted ones are cleared.
		for (const key of ['firstName', 'lastName'] as const) {
			if (fields[key] === undefined) delete subscriber[key];
			else subscriber[key] = String(fields[key]);
		}
		if (fields.optInStatus === undefined) delete subscriber.optInStatus;
		else subscriber.optInStatus = fields.optInStatus === true || fields.optInStatus === 'true';
		subscriber.updatedAt = new Date(ctx.clock.now()).toISOString();
		subscriber.version += 1;
		return { status: 200, body: { message: 'Subscriber Updated Successfully', data: subscriber } };
	});

	router.add('DELETE', '/subscribers/:subscriberId', (ctx, request) => {
		const subscriber = subscriberOf(ctx, request);
		ctx.store.subscribers = ctx.store.subscribers.filter((s) => s !== subscriber);
		return { status: 204 };
	});

	router.add('DELETE', '/subscribers', (ctx, { org, body }) => {
		const ids = bodyFields(body).subscriberIds;
		const wanted = new Set(Array.isArray(ids) ? ids.map(String) : []);
		const before = ctx.store.subscribers.length;
		ctx.store.subscribers = ctx.store.subscribers.filter((s) => !(s.organization === org.orgId && wanted.has(s.id)));
		if (ctx.store.subscribers.length === before) throw ApiError.badRequest('Subscriber(s) not found');
		return { status: 204 };
	});
}
