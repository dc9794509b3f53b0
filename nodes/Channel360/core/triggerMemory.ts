/**
 * What the trigger remembers between deliveries, kept in n8n's workflow static data (saved to
 * n8n's database after each delivery, so it survives restarts). Everything is bounded: its size
 * depends on the limits below, never on how many events have passed. Pure.
 *
 * - recent: keys of the latest events, to drop Channel360's duplicate deliveries.
 * - customers: per App User, the last customer and business message times and the phone
 *   number, so that window state (and who started the conversation) stays known for customers
 *   whose history Channel360 cannot look up (history works by phone number only, and only for
 *   numbers that once received a template).
 */
import { digitsOf } from './phone';
import { WINDOW_MS } from './window';

export const RECENT_EVENT_LIMIT = 300;
export const CUSTOMER_LIMIT = 2000;
/** A customer silent for longer than this no longer affects any window: forget them. */
export const CUSTOMER_RETENTION_MS = 2 * WINDOW_MS;

export interface TriggerMemory {
	recent?: string[];
	/** appUserId → [last customer message, epoch seconds (0: none), phone digits or '', last business message, epoch seconds (absent: none)] */
	customers?: Record<string, [number, string] | [number, string, number]>;
}

export interface CustomerRecord {
	lastCustomerMessageAt?: number;
	lastBusinessMessageAt?: number;
	phone?: string;
}

const secondsToMs = (seconds: number | undefined) => (seconds !== undefined && seconds > 0 ? seconds * 1000 : undefined);
const msToSeconds = (ms: number | undefined) => (ms !== undefined ? Math.floor(ms / 1000) : 0);
/** The later of a customer's two message times, in epoch seconds: what retention and the limit go by. */
const lastActivity = (entry: [number, string] | [number, string, number]) => Math.max(entry[0], entry[2] ?? 0);

export function hasSeen(memory: TriggerMemory, key: string): boolean {
	return (memory.recent ?? []).includes(key);
}

export function rememberEvent(memory: TriggerMemory, key: string, limit = RECENT_EVENT_LIMIT): void {
	const recent = memory.recent ?? [];
	recent.push(key);
	memory.recent = recent.length > limit ? recent.slice(recent.length - limit) : recent;
}

export function customerRecord(memory: TriggerMemory, appUserId: string | null): CustomerRecord {
	const entry = appUserId ? memory.customers?.[appUserId] : undefined;
	if (!entry) return {};
	const record: CustomerRecord = {};
	const customerAt = secondsToMs(entry[0]);
	const businessAt = secondsToMs(entry[2]);
	if (customerAt !== undefined) record.lastCustomerMessageAt = customerAt;
	if (businessAt !== undefined) record.lastBusinessMessageAt = businessAt;
	if (entry[1]) record.phone = `+${entry[1]}`;
	return record;
}

type CustomerEntries = NonNullable<TriggerMemory['customers']>;
type CustomerUpdate = { atMs?: number; businessAtMs?: number; phone?: string | null };

/** Writes one customer's update into `customers`; whether anything changed. Times only move forward. */
function upsertCustomer(customers: CustomerEntries, appUserId: string, update: CustomerUpdate): boolean {
	const previous = customers[appUserId];
	const seconds = Math.max(previous?.[0] ?? 0, msToSeconds(update.atMs));
	const businessSeconds = Math.max(previous?.[2] ?? 0, msToSeconds(update.businessAtMs));
	const phone = update.phone ? digitsOf(update.phone) : previous?.[1] ?? '';
	if (previous && previous[0] === seconds && previous[1] === phone && (previous[2] ?? 0) === businessSeconds) return false;
	customers[appUserId] = businessSeconds > 0 ? [seconds, phone, businessSeconds] : [seconds, phone];
	return true;
}

/** Forgets customers silent past the retention, then the least recently active beyond the limit. */
function pruneCustomers(customers: CustomerEntries, now: number, limit: number): void {
	const retentionCutoff = (now - CUSTOMER_RETENTION_MS) / 1000;
	let ids = Object.keys(customers);
	for (const id of ids) {
		const last = lastActivity(customers[id]);
		if (last > 0 && last < retentionCutoff) delete customers[id];
	}
	ids = Object.keys(customers);
	if (ids.length > limit) {
		ids.sort((a, b) => lastActivity(customers[a]) - lastActivity(customers[b]));
		for (const id of ids.slice(0, ids.length - limit)) delete customers[id];
	}
}

/** Records a customer message (`atMs`), a business message (`businessAtMs`) or only a phone number. */
export function recordCustomer(
	memory: TriggerMemory,
	appUserId: string,
	update: CustomerUpdate,
	now: number,
	limit = CUSTOMER_LIMIT,
): void {
	const customers = memory.customers ?? {};
	if (!upsertCustomer(customers, appUserId, update)) return;
	pruneCustomers(customers, now, limit);
	memory.customers = customers;
}

/**
 * Adds what `source` knows to `target`: its recent event keys (oldest first, bounded) and, per
 * customer, the later message time and a known phone number. n8n saves a workflow's static data
 * whole after each webhook call, so when two deliveries overlap the later save drops what the
 * earlier one recorded; merging the process's own copy in before each save puts it back.
 */
export function mergeMemory(target: TriggerMemory, source: TriggerMemory, now: number): void {
	const known = new Set(target.recent ?? []);
	for (const key of source.recent ?? []) {
		if (!known.has(key)) {
			rememberEvent(target, key);
			known.add(key);
		}
	}
	// One prune for the whole merge: pruning per customer would make every delivery quadratic.
	const customers = target.customers ?? {};
	let changed = false;
	for (const [appUserId, [seconds, phone, businessSeconds]] of Object.entries(source.customers ?? {})) {
		changed =
			upsertCustomer(customers, appUserId, { atMs: secondsToMs(seconds), businessAtMs: secondsToMs(businessSeconds), phone: phone || null }) ||
			changed;
	}
	if (!changed) return;
	pruneCustomers(customers, now, CUSTOMER_LIMIT);
	target.customers = customers;
}

/** The memory as the trigger stores it in static data. */
export function encodeMemory(memory: TriggerMemory): string {
	return JSON.stringify({ recent: memory.recent ?? [], customers: memory.customers ?? {} });
}

/** The stored memory back; anything unreadable counts as an empty memory (it only costs duplicate filtering and remembered windows). */
export function decodeMemory(stored: unknown): TriggerMemory {
	if (typeof stored !== 'string') return {};
	try {
		const parsed = JSON.parse(stored) as TriggerMemory;
		const memory: TriggerMemory = {};
		if (Array.isArray(parsed.recent)) memory.recent = parsed.recent;
		if (parsed.customers && typeof parsed.customers === 'object' && !Array.isArray(parsed.customers)) memory.customers = parsed.customers;
		return memory;
	} catch {
		return {};
	}
}
