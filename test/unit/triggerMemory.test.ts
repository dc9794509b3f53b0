import {
	CUSTOMER_RETENTION_MS,
	customerRecord,
	decodeMemory,
	emptyMemory,
	encodeMemory,
	hasSeen,
	mergeMemory,
	recordCustomer,
	rememberEvent,
	type TriggerMemory,
} from '../../nodes/Channel360/core/triggerMemory';
import { computeWindowState } from '../../nodes/Channel360/core/window';

const NOW = Date.parse('2026-11-24T08:00:00Z');

/** The memory as a comparable value, whatever order its entries were inserted in. */
function canonical(memory: TriggerMemory) {
	return {
		recent: [...memory.recent].sort(([a], [b]) => (a < b ? -1 : 1)),
		customers: [...memory.customers].sort(([a], [b]) => (a < b ? -1 : 1)),
	};
}

function copyOf(memory: TriggerMemory): TriggerMemory {
	return decodeMemory(encodeMemory(memory));
}

function merged(limits: { recent: number; customers: number }, ...copies: TriggerMemory[]): TriggerMemory {
	const target = emptyMemory();
	for (const copy of copies) mergeMemory(target, copyOf(copy), NOW, limits);
	return target;
}

/** A small deterministic random generator, so that a failure can be replayed. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

describe('trigger memory', () => {
	it('remembers recent events up to a limit, forgetting the oldest', () => {
		const memory = emptyMemory();
		for (let i = 0; i < 10; i++) rememberEvent(memory, `e${i}`, NOW + i, 5);
		expect([...memory.recent.keys()]).toEqual(['e5', 'e6', 'e7', 'e8', 'e9']);
		expect(hasSeen(memory, 'e9')).toBe(true);
		expect(hasSeen(memory, 'e1')).toBe(false);
	});

	it('keeps the time an event was first seen', () => {
		const memory = emptyMemory();
		rememberEvent(memory, 'e1', NOW);
		rememberEvent(memory, 'e1', NOW + 5000);
		expect(memory.recent.get('e1')).toBe(NOW);
	});

	it('keeps the latest customer message time, and no phone number', () => {
		const memory = emptyMemory();
		recordCustomer(memory, 'u1', { atMs: NOW - 5000 }, NOW);
		recordCustomer(memory, 'u1', { atMs: NOW - 90_000 }, NOW);
		expect(customerRecord(memory, 'u1')).toEqual({ lastCustomerMessageAt: NOW - 5000 });
		expect(customerRecord(memory, 'unknown')).toEqual({});
	});

	it('keeps the latest business message too, so a reply to a template is known as business-initiated', () => {
		const memory = emptyMemory();
		recordCustomer(memory, 'u1', { businessAtMs: NOW - 60_000 }, NOW);
		recordCustomer(memory, 'u1', { atMs: NOW - 1000 }, NOW);
		recordCustomer(memory, 'u1', { businessAtMs: NOW - 120_000 }, NOW);
		expect(customerRecord(memory, 'u1')).toEqual({ lastCustomerMessageAt: NOW - 1000, lastBusinessMessageAt: NOW - 60_000 });
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
		const memory = emptyMemory();
		recordCustomer(memory, 'old', { businessAtMs: NOW - CUSTOMER_RETENTION_MS - 60_000 }, NOW);
		recordCustomer(memory, 'recent', { businessAtMs: NOW - 60_000 }, NOW);
		expect([...memory.customers.keys()]).toEqual(['recent']);
	});

	it('stays bounded: forgets silent customers, then the least recent beyond the limit', () => {
		const memory = emptyMemory();
		recordCustomer(memory, 'silent', { atMs: NOW - CUSTOMER_RETENTION_MS - 1000 }, NOW);
		for (let i = 0; i < 50; i++) recordCustomer(memory, `u${i}`, { atMs: NOW - (50 - i) * 1000 }, NOW, 10);
		const ids = [...memory.customers.keys()];
		expect(ids).toHaveLength(10);
		expect(ids).not.toContain('silent');
		expect(ids).toContain('u49');
		expect(ids).not.toContain('u0');
	});

	it('merges another copy in: keys of both, the later time of each customer field', () => {
		const saved = emptyMemory();
		rememberEvent(saved, 'a', NOW - 2000);
		recordCustomer(saved, 'u1', { atMs: NOW - 60_000, businessAtMs: NOW - 3000 }, NOW);
		const inProcess = emptyMemory();
		rememberEvent(inProcess, 'a', NOW - 1000);
		rememberEvent(inProcess, 'b', NOW - 500);
		recordCustomer(inProcess, 'u1', { atMs: NOW - 1000, businessAtMs: NOW - 30_000 }, NOW);
		recordCustomer(inProcess, 'u2', { atMs: NOW - 5000 }, NOW);

		mergeMemory(saved, inProcess, NOW);

		expect(canonical(saved).recent).toEqual([
			['a', NOW - 1000],
			['b', NOW - 500],
		]);
		expect(customerRecord(saved, 'u1')).toEqual({ lastCustomerMessageAt: NOW - 1000, lastBusinessMessageAt: NOW - 3000 });
		expect(customerRecord(saved, 'u2')).toEqual({ lastCustomerMessageAt: NOW - 5000 });
	});

	it('never moves a customer back in time when merging an older copy', () => {
		const saved = emptyMemory();
		recordCustomer(saved, 'u1', { atMs: NOW - 1000 }, NOW);
		const older = emptyMemory();
		recordCustomer(older, 'u1', { atMs: NOW - 60_000 }, NOW);
		mergeMemory(saved, older, NOW);
		expect(customerRecord(saved, 'u1').lastCustomerMessageAt).toBe(NOW - 1000);
	});

	it('keeps the newest keys of both copies when merging, not the ones the other copy already dropped', () => {
		// Process A saw e0..e9, process B later saw e10..e14; with room for 5, only B's keys are newest.
		const a = emptyMemory();
		for (let i = 0; i < 10; i++) rememberEvent(a, `e${i}`, NOW + i, 5);
		const b = emptyMemory();
		for (let i = 10; i < 15; i++) rememberEvent(b, `e${i}`, NOW + i, 5);
		mergeMemory(a, b, NOW, { recent: 5 });
		expect([...a.recent.keys()].sort()).toEqual(['e10', 'e11', 'e12', 'e13', 'e14']);
	});

	it('converges: copies of two or three processes merged in any order and grouping give the same memory', () => {
		const limits = { recent: 20, customers: 8 };
		for (let seed = 1; seed <= 200; seed++) {
			const next = random(seed);
			const processes = 2 + Math.floor(next() * 2);
			const copies = Array.from({ length: processes }, emptyMemory);
			for (let event = 0; event < 60; event++) {
				const copy = copies[Math.floor(next() * processes)];
				const at = NOW - Math.floor(next() * 40) * 1000;
				// Clocks of different processes differ: equal and out-of-order times happen.
				rememberEvent(copy, `k${Math.floor(next() * 50)}`, at, limits.recent);
				const customer = `u${Math.floor(next() * 12)}`;
				recordCustomer(copy, customer, next() < 0.5 ? { atMs: at } : { businessAtMs: at }, NOW, limits.customers);
				// Now and then a process merges in what another one saved.
				if (next() < 0.2) mergeMemory(copy, copyOf(copies[Math.floor(next() * processes)]), NOW, limits);
			}
			const [a, b, c = emptyMemory()] = copies;
			const expected = canonical(merged(limits, a, b, c));
			for (const order of [
				[a, b, c],
				[c, b, a],
				[b, a, c],
				[c, a, b],
			]) {
				expect(canonical(merged(limits, ...order))).toEqual(expected);
			}
			// (a ∪ b) ∪ c = a ∪ (b ∪ c), and merging a copy twice changes nothing.
			expect(canonical(merged(limits, merged(limits, a, b), c))).toEqual(expected);
			expect(canonical(merged(limits, a, merged(limits, b, c)))).toEqual(expected);
			expect(canonical(merged(limits, a, b, c, b, a))).toEqual(expected);
		}
	});

	it('after 1,000 events alternating between two processes, their stored filters agree on the newest keys', () => {
		// Each process merges what n8n last saved (the other's copy) into its own, then saves.
		let stored = encodeMemory(emptyMemory());
		const processCopies = [emptyMemory(), emptyMemory()];
		for (let event = 0; event < 1000; event++) {
			const process = event % 2;
			const memory = decodeMemory(stored);
			mergeMemory(memory, processCopies[process], NOW + event);
			rememberEvent(memory, `message:appUser:m${event}`, NOW + event);
			processCopies[process] = memory;
			stored = encodeMemory(memory);
		}
		const keys = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => `message:appUser:m${from + index}`).sort();
		expect([...decodeMemory(stored).recent.keys()].sort()).toEqual(keys(700, 999));
		// Each copy holds the newest 300 keys as of its own last event: they share all but one.
		expect([...processCopies[0].recent.keys()].sort()).toEqual(keys(699, 998));
		expect([...processCopies[1].recent.keys()].sort()).toEqual(keys(700, 999));
	});

	it('is stored as one string and read back the same; an unreadable one reads as an empty memory', () => {
		const memory = emptyMemory();
		rememberEvent(memory, 'message:appUser:m1', NOW);
		recordCustomer(memory, 'u1', { atMs: NOW - 1000, businessAtMs: NOW - 5000 }, NOW);
		recordCustomer(memory, 'u2', { atMs: NOW - 2000 }, NOW);
		const stored = encodeMemory(memory);

		expect(typeof stored).toBe('string');
		expect(canonical(decodeMemory(stored))).toEqual(canonical(memory));
		for (const unreadable of [undefined, '', '{not json', '[1,2]', 'null', 42, { recent: ['x'] }]) {
			expect(canonical(decodeMemory(unreadable))).toEqual(canonical(emptyMemory()));
		}
		expect(canonical(decodeMemory('{"recent":"x","customers":[1]}'))).toEqual(canonical(emptyMemory()));
	});

	it('reads the stored format of earlier versions: its keys count as oldest, its phone numbers are dropped', () => {
		const old = JSON.stringify({
			recent: ['message:appUser:old1', 'message:appUser:old2'],
			customers: { u1: [1_764_000_000, '27821234567'], u2: [1_764_000_100, '27829876543', 1_764_000_200] },
		});
		const memory = decodeMemory(old);
		expect(hasSeen(memory, 'message:appUser:old1')).toBe(true);
		expect(customerRecord(memory, 'u1')).toEqual({ lastCustomerMessageAt: 1_764_000_000_000 });
		expect(customerRecord(memory, 'u2')).toEqual({ lastCustomerMessageAt: 1_764_000_100_000, lastBusinessMessageAt: 1_764_000_200_000 });
		expect(encodeMemory(memory)).not.toMatch(/2782/);

		// The first new key pushes out the oldest old key, not a new one.
		rememberEvent(memory, 'message:appUser:new', NOW, 2);
		expect([...memory.recent.keys()].sort()).toEqual(['message:appUser:new', 'message:appUser:old2']);
	});
});
