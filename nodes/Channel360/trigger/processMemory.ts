import type { TriggerMemory } from '../core/triggerMemory';

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

	delete(key: string): void {
		this.entries.delete(key);
	}

	set(key: string, value: Value): void {
		this.entries.delete(key);
		this.entries.set(key, value);
		if (this.entries.size > NODE_LIMIT) this.entries.delete(this.entries.keys().next().value as string);
	}
}

const copies = new RecentlyUsed<TriggerMemory>();
const registeredSecrets = new RecentlyUsed<string>();

function nodeKey(workflowId: string | undefined, nodeId: string): string {
	return `${workflowId ?? ''}:${nodeId}`;
}

/**
 * This process's copy of a trigger node's memory. Workflow static data is only saved after the
 * webhook call returns, and the trigger answers Channel360 before that: a duplicate delivery
 * that arrives in between reads the static data from before the first one. The copy here sees
 * every delivery this process handled at once. Static data stays the source that survives
 * restarts; this is only the bridge until n8n has saved it.
 */
export function processMemoryFor(workflowId: string | undefined, nodeId: string): TriggerMemory {
	const key = nodeKey(workflowId, nodeId);
	let memory = copies.get(key);
	if (!memory) {
		memory = {};
		copies.set(key, memory);
	}
	return memory;
}

/**
 * The same bridge for the secret: n8n publishes a workflow in the background and saves the
 * static data that holds the new secret only after `create` returns, but Channel360 may deliver
 * the first customer message before that. Channel360 does not retry a refused delivery, so
 * without this the first message after publishing could be lost.
 */
export function rememberRegisteredSecret(workflowId: string | undefined, nodeId: string, secret: string): void {
	registeredSecrets.set(nodeKey(workflowId, nodeId), secret);
}

export function forgetRegisteredSecret(workflowId: string | undefined, nodeId: string): void {
	registeredSecrets.delete(nodeKey(workflowId, nodeId));
}

export function registeredSecretFor(workflowId: string | undefined, nodeId: string): string | undefined {
	return registeredSecrets.get(nodeKey(workflowId, nodeId));
}
