/**
 * n8n's deduplication store (`this.helpers.checkProcessedAndRecord` and friends) for the engine
 * harness. n8n-core only forwards those helpers to a DataDeduplicationService that the n8n server
 * initialises with its database-backed DeduplicationHelper (packages/cli/src/deduplication): the
 * harness has no database, so this is an in-memory implementation of the same IDataDeduplicator,
 * behaving as that one does where our node relies on it:
 *
 * - one row per workflow and context (scope 'node': `n:<node id>`, scope 'workflow': ''), whose
 *   value is { mode, data: [md5 base64 of each key] } for mode 'entries';
 * - every call reads the row, computes, and writes the whole row back, with an await between
 *   (a database round trip): two calls that overlap both read the old row, and the last write
 *   wins. That is what lets two overlapping executions both see a key as new.
 */
import { createHash } from 'node:crypto';
import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

interface Row {
	mode: string;
	data: string[];
}

const roundTrip = async () => await new Promise<void>((resolve) => setImmediate(resolve));

export class InMemoryProcessedDataStore implements IDataDeduplicator {
	readonly rows = new Map<string, Row>();

	private rowKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		if (scope === 'node' && !contextData.node) throw new Error("No node information has been provided and so cannot use scope 'node'");
		return `${contextData.workflow.id}/${scope === 'node' ? `n:${contextData.node!.id}` : ''}`;
	}

	private static hash(value: DeduplicationItemTypes): string {
		return createHash('md5').update(value.toString()).digest('base64');
	}

	private async read(key: string, options: ICheckProcessedOptions): Promise<Row | undefined> {
		if (options.mode !== 'entries') throw new Error(`The harness store implements mode "entries" only, not "${options.mode}"`);
		await roundTrip();
		const row = this.rows.get(key);
		if (row && row.mode !== options.mode) throw new Error('Deduplication data was originally saved with an incompatible mode');
		return row ? { mode: row.mode, data: [...row.data] } : undefined;
	}

	private async write(key: string, row: Row): Promise<void> {
		await roundTrip();
		this.rows.set(key, row);
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const key = this.rowKey(scope, contextData);
		const row = (await this.read(key, options)) ?? { mode: options.mode, data: [] };
		const known = new Set(row.data);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const hash = InMemoryProcessedDataStore.hash(item);
			if (known.has(hash)) output.processed.push(item);
			else {
				output.new.push(item);
				row.data.push(hash);
				known.add(hash);
			}
		}
		if (options.maxEntries) row.data.splice(0, row.data.length - options.maxEntries);
		await this.write(key, row);
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		const key = this.rowKey(scope, contextData);
		const row = await this.read(key, options);
		if (!row) return;
		const removed = new Set(items.map((item) => InMemoryProcessedDataStore.hash(item)));
		await this.write(key, { mode: row.mode, data: row.data.filter((hash) => !removed.has(hash)) });
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		await roundTrip();
		this.rows.delete(this.rowKey(scope, contextData));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		return (await this.read(this.rowKey(scope, contextData), options))?.data.length ?? 0;
	}
}

let store: InMemoryProcessedDataStore | undefined;

/** The one store of this test process, handed to n8n-core's DataDeduplicationService once. */
export function processedDataStore(): InMemoryProcessedDataStore {
	if (!store) {
		store = new InMemoryProcessedDataStore();
		void DataDeduplicationService.init(store);
	}
	return store;
}
