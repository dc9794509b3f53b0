import {
	CUSTOMER_RETENTION_MS,
	customerRecord,
	decodeMemory,
	encodeMemory,
	hasSeen,
	mergeMemory,
	recordCustomer,
	rememberEvent,
	type TriggerMemory,
} from '../../nodes/Channel360/core/triggerMemory';
import { computeWindowState } from '../../nodes/Channel360/core/window';

const NOW = Date.parse('2026-11-24T08:00:00Z');

describe('trigger memory', () => {
	it('remembers recent events up to a limit, forgetting the oldest', () => {
		const memory: TriggerMemory = {};
		for (let i = 0; i < 10; i++) rememberEvent(memory, `e${i}`, 5);
		expect(memory.recent).toEqual(['e5', 'e6', 'e7', 'e8', 'e9']);
		expect(hasSeen(memory, 'e9')).toBe(true);
		expect(hasSeen(memory, 'e1')).toBe(false);
	});

	it('keeps the latest customer message time and the phone number', () => {
		const memory: TriggerMemory = {};
		recordCustomer(memory, 'u1', { atMs: NOW - 5000, phone: '+27 82 123 4567' }, NOW);
		recordCustomer(memory, 'u1', { atMs: NOW - 90_000 }, NOW);
		expect(customerRecord(memory, 'u1')).toEqual({ lastCustomerMessageAt: NOW - 5000, phone: '+27821234567' });
		expect(customerRecord(memory, 'unknown')).toEqual({});
	});

	it('keeps the latest business message too, so a reply to a template is known as business-initiated', () => {
		const memory: TriggerMemory = {};
		recordCustomer(memory, 'u1', { businessAtMs: NOW - 60_000 }, NOW);
		recordCustomer(memory, 'u1', { atMs: NOW - 1000, phone: '+27821234567' }, NOW);
		recordCustomer(memory, 'u1', { businessAtMs: NOW - 120_000 }, NOW);
		expect(customerRecord(memory, 'u1')).toEqual({
			lastCustomerMessageAt: NOW - 1000,
			lastBusinessMessageAt: NOW - 60_000,
			phone: '+27821234567',
		});
		const window = computeWindowState(
			[
				{ author: 'business', at: NOW - 60_000 },
				{ author: 'customer', at: NOW - 1000 },
			],
			{ now: NOW },
		);
		expect(window.initiatedBy).toBe('business');
	});

	it('keeps a customer the business wrote to recently, even without a customer message', () => {
		const memory: TriggerMemory = {};
		recordCustomer(memory, 'old', { businessAtMs: NOW - CUSTOMER_RETENTION_MS - 60_000 }, NOW);
		recordCustomer(memory, 'recent', { businessAtMs: NOW - 60_000 }, NOW);
		expect(Object.keys(memory.customers ?? {})).toEqual(['recent']);
	});

	it('stays bounded: forgets silent customers, then the least recent beyond the limit', () => {
		const memory: TriggerMemory = {};
		recordCustomer(memory, 'silent', { atMs: NOW - CUSTOMER_RETENTION_MS - 1000 }, NOW);
		for (let i = 0; i < 50; i++) recordCustomer(memory, `u${i}`, { atMs: NOW - (50 - i) * 1000 }, NOW, 10);
		const ids = Object.keys(memory.customers ?? {});
		expect(ids).toHaveLength(10);
		expect(ids).not.toContain('silent');
		expect(ids).toContain('u49');
		expect(ids).not.toContain('u0');
	});

	it('merges another copy in: keys of both, the later customer message and a known phone', () => {
		const saved: TriggerMemory = {};
		rememberEvent(saved, 'a');
		recordCustomer(saved, 'u1', { atMs: NOW - 60_000 }, NOW);
		const inProcess: TriggerMemory = {};
		rememberEvent(inProcess, 'a');
		rememberEvent(inProcess, 'b');
		recordCustomer(inProcess, 'u1', { atMs: NOW - 1000, phone: '+27821234567' }, NOW);
		recordCustomer(inProcess, 'u2', { atMs: NOW - 5000 }, NOW);

		mergeMemory(saved, inProcess, NOW);

		expect(saved.recent).toEqual(['a', 'b']);
		expect(customerRecord(saved, 'u1')).toEqual({ lastCustomerMessageAt: NOW - 1000, phone: '+27821234567' });
		expect(customerRecord(saved, 'u2')).toEqual({ lastCustomerMessageAt: NOW - 5000 });
	});

	it('never moves a customer back in time when merging an older copy', () => {
		const saved: TriggerMemory = {};
		recordCustomer(saved, 'u1', { atMs: NOW - 1000 }, NOW);
		const older: TriggerMemory = {};
		recordCustomer(older, 'u1', { atMs: NOW - 60_000 }, NOW);
		mergeMemory(saved, older, NOW);
		expect(customerRecord(saved, 'u1').lastCustomerMessageAt).toBe(NOW - 1000);
	});

	it('is stored as one string and read back the same; an unreadable one reads as an empty memory', () => {
		const memory: TriggerMemory = {};
		rememberEvent(memory, 'message:appUser:m1');
		recordCustomer(memory, 'u1', { atMs: NOW - 1000, businessAtMs: NOW - 5000, phone: '+27821234567' }, NOW);
		const stored = encodeMemory(memory);

		expect(typeof stored).toBe('string');
		const read = decodeMemory(stored);
		expect(hasSeen(read, 'message:appUser:m1')).toBe(true);
		expect(customerRecord(read, 'u1')).toEqual(customerRecord(memory, 'u1'));
		for (const unreadable of [undefined, '', '{not json', '[1,2]', 42, { recent: ['x'] }]) {
			expect(decodeMemory(unreadable)).toEqual({});
		}
		expect(decodeMemory('{"recent":"x","customers":[1]}')).toEqual({});
	});
});

