import type { ICheckProcessedOptions, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/**
 * "Send Once per Campaign": which recipients of a campaign were already sent to, kept in n8n's
 * own deduplication store (the database of the n8n instance, shared by every process in queue
 * mode), scoped to this node (its id, so a rename keeps the keys).
 *
 * n8n's store offers check-and-record, remove and clear, each reading the node's row and
 * writing it back whole. So:
 * - before sending, `alreadySent` finds the keys a previous run recorded (check-and-record, then
 *   the new ones are removed again at once): those items are skipped without using a send slot;
 * - right before each send its key is claimed (check-and-record, batched over 100 ms): a key
 *   another execution claimed meanwhile is skipped; the claim is the record of the send;
 * - a claim whose send certainly did not happen (refused, cancelled) is released again.
 * A send that may have reached Channel360 keeps its claim: sending again could message twice.
 *
 * Two executions of the same node overlapping in time can still both send to a recipient: each
 * call reads the row and writes it back whole, so one execution's write can drop the other's
 * records (README, "Rerunning a campaign safely", has the measured figures).
 */
const OPTIONS: ICheckProcessedOptions = { mode: 'entries' };
const SCOPE = 'node';
/** Claims made within this window go to the store in one call. */
const CLAIM_BATCH_MS = 100;

export class CampaignLedger {
	private pendingClaims: Array<{ key: string; resolve: (claimed: boolean) => void; reject: (error: unknown) => void }> = [];
	private flushScheduled?: Promise<void>;

	constructor(private readonly ctx: IExecuteFunctions) {}

	/** The keys among `keys` that were recorded before (sent in an earlier run). */
	async alreadySent(keys: string[]): Promise<Set<string>> {
		const unique = [...new Set(keys)];
		// n8n's store checks and removes keys one by one against the whole row: skip it when empty.
		if (unique.length === 0 || (await this.ctx.helpers.getProcessedDataCount(SCOPE, OPTIONS)) === 0) return new Set();
		const checked = await this.ctx.helpers.checkProcessedAndRecord(unique, SCOPE, OPTIONS);
		if (checked.new.length > 0) await this.ctx.helpers.removeProcessed(checked.new, SCOPE, OPTIONS);
		return new Set(checked.processed.map(String));
	}

	/** Records `key` as sent; false when it already was (another execution sent it). */
	async claim(key: string): Promise<boolean> {
		return await new Promise<boolean>((resolve, reject) => {
			this.pendingClaims.push({ key, resolve, reject });
			this.flushScheduled ??= sleep(CLAIM_BATCH_MS).then(async () => await this.flushClaims());
		});
	}

	async release(keys: string[]): Promise<void> {
		if (keys.length > 0) await this.ctx.helpers.removeProcessed(keys, SCOPE, OPTIONS);
	}

	/** Forgets every key this node recorded, for every campaign. */
	async forgetAll(): Promise<void> {
		await this.ctx.helpers.clearAllProcessedItems(SCOPE, OPTIONS);
	}

	private async flushClaims(): Promise<void> {
		const batch = this.pendingClaims;
		this.pendingClaims = [];
		this.flushScheduled = undefined;
		try {
			const checked = await this.ctx.helpers.checkProcessedAndRecord(
				[...new Set(batch.map((claim) => claim.key))],
				SCOPE,
				OPTIONS,
			);
			const claimed = new Set(checked.new.map(String));
			// Two items of this batch with the same key: only the first gets it.
			for (const claim of batch) {
				const mine = claimed.delete(claim.key);
				claim.resolve(mine);
			}
		} catch (error) {
			for (const claim of batch) claim.reject(error);
		}
	}
}
