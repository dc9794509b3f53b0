import { SECRET_QUERY_PARAMETER } from './webhookSecret';

/** A webhook as Channel360 lists it. */
export interface RemoteWebhook {
	id?: string;
	_id?: string;
	target?: string;
	triggers?: string[];
	createdAt?: string;
	[key: string]: unknown;
}

/** The docs show an object holding webhooks, the platform returns a bare array: accept both. */
export function asWebhookList(body: unknown): RemoteWebhook[] {
	if (Array.isArray(body)) return body as RemoteWebhook[];
	if (body && typeof body === 'object') {
		return Object.values(body as Record<string, unknown>).filter(
			(value): value is RemoteWebhook => typeof value === 'object' && value !== null && 'target' in value,
		);
	}
	return [];
}

export function webhookIdOf(webhook: RemoteWebhook): string | undefined {
	return webhook.id ?? webhook._id;
}

/** The newest listed webhook with exactly this target: Channel360 answers a create without the id. */
export function newestWithTarget(webhooks: RemoteWebhook[], target: string): RemoteWebhook | undefined {
	return webhooks
		.filter((webhook) => webhook.target === target)
		.sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')))[0];
}

/**
 * A webhook fit to show in a workflow's output: a Channel360 Trigger's target carries the secret
 * that proves its deliveries, and whoever reads the output must not be able to forge them.
 */
export function withoutTriggerSecret(webhook: RemoteWebhook): RemoteWebhook {
	if (typeof webhook.target !== 'string' || !webhook.target.includes(`${SECRET_QUERY_PARAMETER}=`)) return webhook;
	const pattern = new RegExp(`([?&]${SECRET_QUERY_PARAMETER}=)[^&#]*`);
	return { ...webhook, target: webhook.target.replace(pattern, '$1[redacted]') };
}
