import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { mediaPolicyFrom, type MediaPolicyOptions } from '../core/mediaPolicy';
import type { NormalisedEvent } from '../core/normalise';
import type { TriggerMemory } from '../core/triggerMemory';
import type { TimedMessage } from '../core/window';
import { downloadMedia } from './mediaDownload';
import { WindowResolver } from './windowEnrichment';

export interface ItemOptions extends MediaPolicyOptions {
	useHistory?: boolean;
	downloadMedia?: boolean;
	binaryPropertyName?: string;
}

function outputItem(event: NormalisedEvent, window: IDataObject, receivedAt: string): IDataObject {
	// atMs is for window arithmetic only; the item carries the ISO timestamp. raw goes last, after
	// the fields a user maps.
	const { atMs: _atMs, raw, ...fields } = event;
	return { ...fields, receivedAt, window, raw } as IDataObject;
}

/**
 * The items a delivery starts the workflow with: each event with its window state, its own
 * part of the delivery as `raw`, and its media when the user asked for it. Nothing here can
 * lose a message: a failed or refused download is a note on the item.
 */
export async function deliveryItems(
	context: IWebhookFunctions,
	events: readonly NormalisedEvent[],
	memory: TriggerMemory,
	options: ItemOptions,
	now: number,
): Promise<INodeExecutionData[]> {
	const receivedAt = new Date(now).toISOString();
	const delivered: TimedMessage[] = events
		.filter((event) => event.direction !== 'status' && event.atMs !== null)
		.map((event) => ({ author: event.direction === 'inbound' ? 'customer' : 'business', at: event.atMs as number }));
	const resolver = new WindowResolver(context, memory, options.useHistory !== false);
	const policy = options.downloadMedia ? mediaPolicyFrom(options) : undefined;
	const items: INodeExecutionData[] = [];
	for (const event of events) {
		const window = await resolver.windowFor(event, delivered, now);
		const item: INodeExecutionData = { json: outputItem(event, window as unknown as IDataObject, receivedAt) };
		if (policy && event.media) {
			// Channel360 already has its 200: a refused or failed download must not lose the message.
			try {
				const binary = await downloadMedia(context, event.media, policy);
				item.binary = { [options.binaryPropertyName || 'data']: binary };
			} catch (error) {
				item.json.mediaDownloadError = `The media could not be downloaded: ${(error as Error).message}`;
			}
		}
		items.push(item);
	}
	return items;
}
