import { computeWindowState, readWindowState, WINDOW_MS, type TimedMessage } from '../../nodes/Channel360/core/window';

const T0 = Date.parse('2026-11-24T08:00:00.000Z');
const hours = (n: number) => n * 60 * 60 * 1000;
const customer = (at: number): TimedMessage => ({ author: 'customer', at });
const business = (at: number): TimedMessage => ({ author: 'business', at });

describe('computeWindowState', () => {
	it('opens the window for 24 hours from the customer message', () => {
		const state = computeWindowState([customer(T0)], { now: T0 + hours(1) });
		expect(state).toMatchObject({
			open: true,
			openedAt: '2026-11-24T08:00:00.000Z',
			expiresAt: '2026-11-25T08:00:00.000Z',
			secondsLeft: 23 * 3600,
			initiatedBy: 'customer',
		});
	});

	it('is still open one millisecond before 24 hours and closed at exactly 24 hours', () => {
		expect(computeWindowState([customer(T0)], { now: T0 + WINDOW_MS - 1 }).open).toBe(true);
		const atEdge = computeWindowState([customer(T0)], { now: T0 + WINDOW_MS });
		expect(atEdge.open).toBe(false);
		expect(atEdge.secondsLeft).toBe(0);
		expect(atEdge.expiresAt).toBe('2026-11-25T08:00:00.000Z');
	});

	it('moves the end with every new customer message', () => {
		const state = computeWindowState([customer(T0), customer(T0 + hours(5))], { now: T0 + hours(26) });
		expect(state.open).toBe(true);
		expect(state.openedAt).toBe('2026-11-24T13:00:00.000Z');
		expect(state.secondsLeft).toBe(3 * 3600);
	});

	it('is closed after 25 hours of silence even when the business wrote since', () => {
		const state = computeWindowState([customer(T0), business(T0 + hours(25))], { now: T0 + hours(25) });
		expect(state.open).toBe(false);
		expect(state.initiatedBy).toBe('business');
		expect(state.lastMessageAt).toBe('2026-11-25T09:00:00.000Z');
	});

	it('says the business initiated when its template came first and the customer answered', () => {
		const state = computeWindowState([business(T0), customer(T0 + hours(2))], { now: T0 + hours(3) });
		expect(state.open).toBe(true);
		expect(state.initiatedBy).toBe('business');
	});

	it('never opens the window from business messages alone', () => {
		const state = computeWindowState([business(T0)], { now: T0 + 1000 });
		expect(state).toMatchObject({ open: false, openedAt: null, expiresAt: null, initiatedBy: 'business' });
	});

	it('gives the same answer whatever order the events arrive in', () => {
		const messages = [customer(T0 + hours(3)), business(T0 + hours(1)), customer(T0), customer(T0 + hours(3))];
		const now = T0 + hours(4);
		const reversed = [...messages].reverse();
		expect(computeWindowState(messages, { now })).toEqual(computeWindowState(reversed, { now }));
		expect(computeWindowState(messages, { now }).openedAt).toBe('2026-11-24T11:00:00.000Z');
	});

	it('reads a customer timestamp slightly in the future as now, never as more than 24 hours left', () => {
		const now = T0;
		const state = computeWindowState([customer(T0 + 90_000)], { now });
		expect(state.open).toBe(true);
		expect(state.secondsLeft).toBe(24 * 3600);
		expect(state.openedAt).toBe(new Date(now).toISOString());
	});

	it('ignores timestamps too far in the future to be clock skew', () => {
		const state = computeWindowState([customer(T0 + hours(3))], { now: T0, clockSkewToleranceMs: 60_000 });
		expect(state.open).toBe(false);
		expect(state.openedAt).toBeNull();
	});

	it('accepts a customer timestamp exactly at the skew tolerance and ignores one a millisecond beyond', () => {
		const tolerance = 60_000;
		expect(computeWindowState([customer(T0 + tolerance)], { now: T0, clockSkewToleranceMs: tolerance }).open).toBe(true);
		expect(computeWindowState([customer(T0 + tolerance + 1)], { now: T0, clockSkewToleranceMs: tolerance }).open).toBe(false);
	});

	it('counts a business message exactly 24 hours after the customer as a new, business-initiated conversation', () => {
		const atEnd = computeWindowState([customer(T0), business(T0 + WINDOW_MS)], { now: T0 + WINDOW_MS });
		expect(atEnd).toMatchObject({ open: false, initiatedBy: 'business' });
		const justBefore = computeWindowState([customer(T0), business(T0 + WINDOW_MS - 1)], { now: T0 + WINDOW_MS - 1 });
		expect(justBefore).toMatchObject({ open: true, initiatedBy: 'customer' });
	});

	it('credits the customer with starting the conversation when their message arrives after the reply to it', () => {
		const state = computeWindowState([business(T0 + 60_000), customer(T0)], { now: T0 + hours(1) });
		expect(state).toMatchObject({ open: true, initiatedBy: 'customer', openedAt: '2026-11-24T08:00:00.000Z' });
	});

	it('is not moved by duplicates of the same messages', () => {
		const once = computeWindowState([customer(T0), business(T0 + hours(2))], { now: T0 + hours(3) });
		const twice = computeWindowState([customer(T0), business(T0 + hours(2)), customer(T0), business(T0 + hours(2))], {
			now: T0 + hours(3),
		});
		expect(twice).toEqual(once);
	});

	it('reports no window when there are no messages', () => {
		expect(computeWindowState([], { now: T0 })).toEqual({
			open: false,
			openedAt: null,
			expiresAt: null,
			secondsLeft: 0,
			initiatedBy: null,
			lastMessageAt: null,
		});
	});
});

describe('readWindowState', () => {
	it('re-evaluates an item window against the current time', () => {
		const fromTrigger = computeWindowState([customer(T0)], { now: T0 });
		expect(readWindowState(fromTrigger, T0 + hours(23))?.open).toBe(true);
		expect(readWindowState(fromTrigger, T0 + hours(23))?.secondsLeft).toBe(3600);
		expect(readWindowState(fromTrigger, T0 + hours(24))?.open).toBe(false);
	});

	it('refuses values that are not a window state', () => {
		expect(readWindowState(undefined, T0)).toBeUndefined();
		expect(readWindowState('open', T0)).toBeUndefined();
		expect(readWindowState({ expiresAt: 'not a date' }, T0)).toBeUndefined();
	});
});
