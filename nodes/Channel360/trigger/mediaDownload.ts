import type { IBinaryData, IWebhookFunctions } from 'n8n-workflow';
import { sleepWithAbort } from 'n8n-workflow';

import { addressRefusal, checkMediaUrl, type MediaPolicy } from '../core/mediaPolicy';
import type { NormalisedMedia } from '../core/normalise';

/** Redirects followed at most, each one checked like the first URL. */
const MAX_REDIRECTS = 3;

/** A download the policy refused or that failed: its message goes on the item as the reason. */
export class MediaDownloadError extends Error {}

interface StreamResponse {
	body: AsyncIterable<Buffer | string> & { destroy?: () => void; socket?: { remoteAddress?: string }; req?: { socket?: { remoteAddress?: string } } };
	headers: Record<string, string | string[] | undefined>;
	statusCode: number;
}

const header = (response: StreamResponse, name: string): string | undefined => {
	const value = response.headers[name];
	return Array.isArray(value) ? value[0] : value;
};

async function readCapped(response: StreamResponse, maxBytes: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const chunk of response.body) {
		const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		total += buffer.length;
		if (total > maxBytes) {
			throw new MediaDownloadError(`the media is larger than the trigger's "Max Media Size" (${Math.round(maxBytes / 1048576)} MB)`);
		}
		chunks.push(buffer);
	}
	return Buffer.concat(chunks);
}

/** One request of the download, stopped at the headers; redirects come back, not followed. */
async function requestOnce(context: IWebhookFunctions, url: URL, policy: MediaPolicy, signal: AbortSignal): Promise<StreamResponse> {
	const response = (await context.helpers.httpRequest({
		method: 'GET',
		url: url.href,
		encoding: 'stream',
		returnFullResponse: true,
		disableFollowRedirect: true,
		ignoreHttpStatusErrors: true,
		timeout: policy.timeoutMs,
		abortSignal: signal,
		// Uncompressed, so the socket the body arrives on is the one whose address is checked.
		headers: { 'accept-encoding': 'identity' },
	})) as StreamResponse;
	const address = response.body.socket?.remoteAddress ?? response.body.req?.socket?.remoteAddress;
	const refusal = addressRefusal(url.hostname, address, policy);
	if (refusal) {
		response.body.destroy?.();
		throw new MediaDownloadError(refusal);
	}
	return response;
}

async function download(context: IWebhookFunctions, media: NormalisedMedia, policy: MediaPolicy, signal: AbortSignal): Promise<IBinaryData> {
	let target = media.url;
	for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
		const check = checkMediaUrl(target, policy);
		if (!check.ok) throw new MediaDownloadError(check.reason);
		const response = await requestOnce(context, check.url, policy, signal);
		const location = header(response, 'location');
		if (response.statusCode >= 300 && response.statusCode < 400 && location) {
			response.body.destroy?.();
			target = new URL(location, check.url).href;
			continue;
		}
		if (response.statusCode >= 400) {
			response.body.destroy?.();
			throw new MediaDownloadError(`the media host answered ${response.statusCode} (media links expire; an old link gives 403 or 404)`);
		}
		const declared = Number(header(response, 'content-length'));
		if (Number.isFinite(declared) && declared > policy.maxBytes) {
			response.body.destroy?.();
			throw new MediaDownloadError(
				`the media is ${Math.ceil(declared / 1048576)} MB, larger than the trigger's "Max Media Size" (${Math.round(policy.maxBytes / 1048576)} MB)`,
			);
		}
		const data = await readCapped(response, policy.maxBytes);
		const mimeType = media.mimeType ?? header(response, 'content-type');
		return await context.helpers.prepareBinaryData(data, media.fileName ?? undefined, mimeType);
	}
	throw new MediaDownloadError(`the media URL redirected more than ${MAX_REDIRECTS} times`);
}

/**
 * Downloads a message's media under the policy: allowed hosts only, no private address (checked
 * on the connection itself), at most `maxBytes`, all within `timeoutMs`. Throws
 * MediaDownloadError with the reason; the caller puts it on the item.
 */
export async function downloadMedia(context: IWebhookFunctions, media: NormalisedMedia, policy: MediaPolicy): Promise<IBinaryData> {
	const abort = new AbortController();
	const stopTimer = new AbortController();
	const timedOut = sleepWithAbort(policy.timeoutMs, stopTimer.signal).then(
		() => {
			abort.abort();
			throw new MediaDownloadError(`the download took longer than the trigger's "Media Timeout" (${policy.timeoutMs / 1000} s)`);
		},
		() => undefined as never,
	);
	try {
		return await Promise.race([download(context, media, policy, abort.signal), timedOut]);
	} catch (error) {
		if (error instanceof MediaDownloadError) throw error;
		throw new MediaDownloadError((error as Error).message);
	} finally {
		stopTimer.abort();
	}
}
