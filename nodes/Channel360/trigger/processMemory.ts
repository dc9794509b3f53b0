import type { TriggerMemory } from '../core/triggerMemory';

/** How many trigger nodes one n8n process keeps a copy for (the least recently used go first). */
const NODE_LIMIT = 200;

const copies = new Map<string, TriggerMemory>();

/**
 * This process's copy of a trigger node's memory. Workflow static data is only saved after the
 * webhook call returns, and the trigger answers Channel360 before that: a duplicate delivery
 * that arrives in between reads the static data from before the first one. The copy here sees
 * every delivery this process handled at once. Static data stays the source that survives
 * restarts; this is only the bridge until n8n has saved it.
 */
export function processMemoryFor(workflowId: string | undefined, nodeId: string): TriggerMemory {
	const key = `${workflowId ?? ''}:${nodeId}`;
	let memory = copies.get(key);
	if (memory) copies.delete(key);
	else memory = {};
	copies.set(key, memory);
	if (copies.size > NODE_LIMIT) copies.delete(copies.keys().next().value as string);
	return memory;
}
