import { randomBytes } from 'crypto';

import { decodeMemory, encodeMemory, mergeMemory, type TriggerMemory } from '../core/triggerMemory';

/** How many trigger nodes one n8n process keeps a copy for (the least recently used go first). */
const NODE_LIMIT = 200;

/** A map that forgets its least recently used entries beyond NODE_LIMIT. */
class RecentlyUsed<Value> {
	private readonly entries = new Map<string, Value>();

	get(key: string): Value | undefined {
		const value = this.entries.get(key);
		if (value !== undefined) this.set(key, value);
		return value;
	}

	set(key: string, value: Value): void {
		this.entries.delete(key);
		this.entries.set(key, value);
		if (this.entries.size > NODE_LIMIT) this.entries.delete(this.entries.keys().next().value as string);
	}
}

/**
 * A trigger node's memory as this process last left it. A copy only ever grows (apart from the
 * bounds of the memory itself): it holds everything this process wrote to static data since
 * the copy was made.
 */
interface ProcessCopy {
	memory: TriggerMemory;
	/** Marks the static data written from this copy: this process, this copy. */
	writerMark: string;
}

/** The fields of the node's static data that hold its memory. */
export interface StoredMemory {
	/** encodeMemory() of the memory. */
	memory?: string;
	/** Which process copy wrote it (see ProcessCopy.writerMark). */
	memoryWriter?: string;
}

/** Tells this process's writes from other n8n processes' and from writes before a restart. */
const PROCESS_MARK = randomBytes(8).toString('hex');
let copiesMade = 0;

const copies = new RecentlyUsed<ProcessCopy>();

function nodeKey(workflowId: string | undefined, nodeId: string): string {
	return `${workflowId ?? ''}:${nodeId}`;
}

/**
 * The trigger's memory for one delivery: what n8n loaded from static data, plus what this
 * process saw that n8n has not saved yet. Static data is only saved after the webhook call
 * returns, and the trigger answers Channel360 before that: a duplicate delivery that arrives in
 * between reads the static data from before the first one, and of two overlapping deliveries
 * the later save would drop what the earlier one recorded. Static data stays the source that
 * survives restarts and that other n8n processes see; this copy is the bridge.
 * When this process's copy wrote what n8n loaded, the copy already holds it: nothing to parse.
 */
export function memoryForDelivery(stored: StoredMemory, workflowId: string | undefined, nodeId: string, now: number): TriggerMemory {
	const copy = copies.get(nodeKey(workflowId, nodeId));
	if (copy && stored.memoryWriter === copy.writerMark) return copy.memory;
	const memory = decodeMemory(stored.memory);
	if (copy) mergeMemory(memory, copy.memory, now);
	return memory;
}

/** Keeps `memory` as this process's copy and writes it into the node's static data. */
export function keepMemory(stored: StoredMemory, workflowId: string | undefined, nodeId: string, memory: TriggerMemory): void {
	const key = nodeKey(workflowId, nodeId);
	let copy = copies.get(key);
	if (copy) {
		copy.memory = memory;
	} else {
		copy = { memory, writerMark: `${PROCESS_MARK}.${++copiesMade}` };
		copies.set(key, copy);
	}
	stored.memory = encodeMemory(memory);
	stored.memoryWriter = copy.writerMark;
}
