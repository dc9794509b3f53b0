/**
 * What the trigger remembers between deliveries, kept in n8n's workflow static data (saved to
 * n8n's database after each delivery, so it survives restarts). Everything is bounded: its size
 * depends on the limits below, never on how many events have passed. Pure.
 *
 * - recent: keys of the latest events, to drop Channel360's duplicate deliveries, each with the
 *   time it was first seen.
 * - customers: per App User ID, the last customer and business message times, so that window
 *   state (and who started the conversation) stays known for customers whose history Channel360
 *   cannot look up. No phone numbers: the App User ID is the key, and a history look-up takes
 *   the number from the event itself.
 *
 * Several copies exist at once (n8n saves static data whole, late, last writer wins; in queue
 * mode every webhook process keeps its own copy), so copies merge rather than overwrite: every
 * entry carries its own time, a merge keeps the later time of each entry and then the newest
 * entries up to the limit (per field for customers). That merge is commutative, associative
 * and idempotent: whatever order the copies meet in, they converge on the same memory, and
 * no time goes backwards.
 */
import { WINDOW_MS } from './window';

export const RECENT_EVENT_LIMIT = 300;
/** How many customer message times, and separately business message times, are kept. */
export const CUSTOMER_LIMIT = 2000;
/** A message older than this no longer affects any window: forget it. */
export const CUSTOMER_RETENTION_MS = 2 * WINDOW_MS;

/** [last customer message, last business message], epoch seconds; 0: none (or forgotten). */
export type CustomerTimes = readonly [number, number];

export interface TriggerMemory {
	/** Event key → when it was first seen, epoch milliseconds. */
	recent: Map<string, number>;
	/** App User ID → its message times. */
	customers: Map<string, CustomerTimes>;
}

export interface CustomerRecord {
	lastCustomerMessageAt?: number;
	lastBusinessMessageAt?: number;
}

export function emptyMemory(): TriggerMemory {
	return { recent: new Map(), customers: new Map() };
}

const secondsToMs = (seconds: number) => (seconds > 0 ? seconds * 1000 : undefined);
const msToSeconds = (ms: number | undefined) => (ms !== undefined && Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0);

/** The total order entries are kept by: time, then key (so that equal times still merge the same way everywhere). */
const olderFirst = (a: [string, number], b: [string, number]) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** The entries of `timed` beyond `limit`, oldest first (those to forget). */
function oldestBeyond(timed: Array<[string, number]>, limit: number): Array<[string, number]> {
	const excess = timed.length - limit;
	if (excess <= 0) return [];
	if (excess === 1) {
		// One insertion over the limit, the common case: a scan instead of a sort.
		let oldest = timed[0];
		for (const entry of timed) if (olderFirst(entry, oldest) < 0) oldest = entry;
		return [oldest];
	}
	return [...timed].sort(olderFirst).slice(0, excess);
}

function keepNewestKeys(recent: Map<string, number>, limit: number): void {
	if (recent.size <= limit) return;
	if (recent.size === limit + 1) {
		// One insertion over the limit, the common case: a scan that allocates nothing.
		let oldestKey = '';
		let oldestAt = Infinity;
		recent.forEach((at, key) => {
			if (at < oldestAt || (at === oldestAt && key < oldestKey)) {
				oldestKey = key;
				oldestAt = at;
			}
		});
		recent.delete(oldestKey);
		return;
	}
	for (const [key] of oldestBeyond([...recent], limit)) recent.delete(key);
}

export function hasSeen(memory: TriggerMemory, key: string): boolean {
	return memory.recent.has(key);
}

/** Records that the event `key` was seen at `now` (the first sighting's time stays). */
export function rememberEvent(memory: TriggerMemory, key: string, now: number, limit = RECENT_EVENT_LIMIT): void {
	if (memory.recent.has(key)) return;
	memory.recent.set(key, now);
	keepNewestKeys(memory.recent, limit);
}

export function customerRecord(memory: TriggerMemory, appUserId: string | null): CustomerRecord {
	const times = appUserId ? memory.customers.get(appUserId) : undefined;
	if (!times) return {};
	const record: CustomerRecord = {};
	const customerAt = secondsToMs(times[0]);
	const businessAt = secondsToMs(times[1]);
	if (customerAt !== undefined) record.lastCustomerMessageAt = customerAt;
	if (businessAt !== undefined) record.lastBusinessMessageAt = businessAt;
	return record;
}

/** Sets one customer's times to the later of what is stored and `times`; whether anything changed. */
function mergeCustomer(customers: Map<string, CustomerTimes>, appUserId: string, times: CustomerTimes): boolean {
	const previous = customers.get(appUserId);
	const customerAt = Math.max(previous?.[0] ?? 0, times[0]);
	const businessAt = Math.max(previous?.[1] ?? 0, times[1]);
	if (previous ? previous[0] === customerAt && previous[1] === businessAt : customerAt === 0 && businessAt === 0) return false;
	// A new tuple: copies never share (and so never change) each other's entries.
	customers.set(appUserId, [customerAt, businessAt]);
	return true;
}

/** The oldest entry of one field (by time, then id) among those not before `cutoff`. */
function oldestOf(customers: Map<string, CustomerTimes>, field: 0 | 1, cutoff: number): [string, number] | undefined {
	let oldest: [string, number] | undefined;
	for (const [id, times] of customers) {
		const at = times[field];
		if (at > 0 && at >= cutoff && (!oldest || olderFirst([id, at], oldest) < 0)) oldest = [id, at];
	}
	return oldest;
}

/**
 * Forgets message times past the retention, then, separately for customer and business
 * messages, the oldest beyond the limit; a customer with neither time left goes.
 */
function pruneCustomers(customers: Map<string, CustomerTimes>, now: number, limit: number): void {
	const cutoff = (now - CUSTOMER_RETENTION_MS) / 1000;
	// One pass that allocates nothing: most deliveries have nothing to forget.
	const counts = [0, 0];
	let expired = false;
	for (const times of customers.values()) {
		for (const field of [0, 1] as const) {
			const at = times[field];
			if (at <= 0) continue;
			if (at < cutoff) expired = true;
			else counts[field]++;
		}
	}
	if (!expired && counts[0] <= limit && counts[1] <= limit) return;
	const forgotten: [Set<string>, Set<string>] = [new Set(), new Set()];
	for (const field of [0, 1] as const) {
		const excess = counts[field] - limit;
		if (excess === 1) {
			// One insertion over the limit, the common case: a scan instead of a sort.
			forgotten[field].add(oldestOf(customers, field, cutoff)![0]);
		} else if (excess > 1) {
			const kept: Array<[string, number]> = [];
			for (const [id, times] of customers) if (times[field] > 0 && times[field] >= cutoff) kept.push([id, times[field]]);
			for (const [id] of oldestBeyond(kept, limit)) forgotten[field].add(id);
		}
	}
	for (const [id, times] of customers) {
		const customerAt = times[0] < cutoff || forgotten[0].has(id) ? 0 : times[0];
		const businessAt = times[1] < cutoff || forgotten[1].has(id) ? 0 : times[1];
		if (customerAt === times[0] && businessAt === times[1]) continue;
		if (customerAt === 0 && businessAt === 0) customers.delete(id);
		else customers.set(id, [customerAt, businessAt]);
	}
}

/** Records a customer message (`atMs`) and/or a business message (`businessAtMs`) of one App User. */
export function recordCustomer(
	memory: TriggerMemory,
	appUserId: string,
	update: { atMs?: number; businessAtMs?: number },
	now: number,
	limit = CUSTOMER_LIMIT,
): void {
	if (mergeCustomer(memory.customers, appUserId, [msToSeconds(update.atMs), msToSeconds(update.businessAtMs)])) {
		pruneCustomers(memory.customers, now, limit);
	}
}

/**
 * Merges `source` into `target`: every event key and customer time of both, each at its later
 * time, then the newest up to the limits. merge(a, b) equals merge(b, a), and merging three
 * copies gives the same memory in any grouping, so copies saved by several processes in any
 * order converge.
 */
export function mergeMemory(
	target: TriggerMemory,
	source: TriggerMemory,
	now: number,
	limits: { recent?: number; customers?: number } = {},
): void {
	for (const [key, seenAt] of source.recent) {
		const known = target.recent.get(key);
		if (known === undefined || seenAt > known) target.recent.set(key, seenAt);
	}
	keepNewestKeys(target.recent, limits.recent ?? RECENT_EVENT_LIMIT);
	// One prune for the whole merge: pruning per customer would make every delivery quadratic.
	let changed = false;
	for (const [appUserId, times] of source.customers) changed = mergeCustomer(target.customers, appUserId, times) || changed;
	if (changed) pruneCustomers(target.customers, now, limits.customers ?? CUSTOMER_LIMIT);
}

/**
 * The memory as the trigger stores it in static data: one JSON string of flat arrays (the
 * quickest shape to write and to read back), `{"v":2,"recent":[key, ms, ...],"customers":[id,
 * customer seconds, business seconds, ...]}`.
 */
export function encodeMemory(memory: TriggerMemory): string {
	const recent: Array<string | number> = [];
	memory.recent.forEach((seenAt, key) => recent.push(key, seenAt));
	const customers: Array<string | number> = [];
	memory.customers.forEach((times, id) => customers.push(id, times[0], times[1]));
	return JSON.stringify({ v: 2, recent, customers });
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

function decodeFlat(stored: { recent?: unknown; customers?: unknown }, memory: TriggerMemory): void {
	const { recent, customers } = stored;
	if (Array.isArray(recent)) {
		for (let index = 0; index + 1 < recent.length; index += 2) {
			const key: unknown = recent[index];
			const seenAt: unknown = recent[index + 1];
			if (typeof key === 'string' && isTime(seenAt)) memory.recent.set(key, seenAt);
		}
	}
	if (Array.isArray(customers)) {
		for (let index = 0; index + 2 < customers.length; index += 3) {
			const id: unknown = customers[index];
			const customerAt: unknown = customers[index + 1];
			const businessAt: unknown = customers[index + 2];
			if (typeof id === 'string' && isTime(customerAt) && isTime(businessAt) && customerAt + businessAt > 0) {
				memory.customers.set(id, [customerAt, businessAt]);
			}
		}
	}
}

/** Before version 2: `{"recent":[key, ...],"customers":{id: [seconds, phone digits, business seconds?]}}`; phones are dropped. */
function decodeVersion1(stored: { recent?: unknown; customers?: unknown }, memory: TriggerMemory): void {
	const { recent, customers } = stored;
	if (Array.isArray(recent)) {
		// No times: older than any key seen since, in their stored order.
		recent.forEach((key: unknown, index) => {
			if (typeof key === 'string') memory.recent.set(key, index + 1);
		});
	}
	if (customers && typeof customers === 'object' && !Array.isArray(customers)) {
		for (const [id, value] of Object.entries(customers)) {
			if (!Array.isArray(value)) continue;
			const [customerAt, , businessAt] = value as unknown[];
			const times: CustomerTimes = [isTime(customerAt) ? customerAt : 0, isTime(businessAt) ? businessAt : 0];
			if (times[0] > 0 || times[1] > 0) memory.customers.set(id, times);
		}
	}
}

/**
 * The stored memory back; anything unreadable counts as an empty memory (it only costs duplicate
 * filtering and remembered windows). Reads the format before version 2 too.
 */
export function decodeMemory(stored: unknown): TriggerMemory {
	const memory = emptyMemory();
	if (typeof stored !== 'string') return memory;
	let parsed: { v?: unknown; recent?: unknown; customers?: unknown };
	try {
		parsed = JSON.parse(stored) as typeof parsed;
	} catch {
		return memory;
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return memory;
	if (parsed.v === 2) decodeFlat(parsed, memory);
	else decodeVersion1(parsed, memory);
	return memory;
}
