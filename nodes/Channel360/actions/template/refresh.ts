import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { refreshTemplatesFromMeta } from '../../transport/templates';
import type { ItemResult } from '../types';

export const description: INodeProperties[] = [];

/** Template → Refresh From Meta: Channel360 re-reads the templates in the background. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> {
	return { json: { refreshStarted: true, response: await refreshTemplatesFromMeta(this, itemIndex) } };
}
