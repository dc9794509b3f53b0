import type { IDataObject, IExecuteFunctions, ResourceMapperValue } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	componentsFromJson,
	componentsFromValues,
	decodeTemplateChoice,
	notificationBody,
	sendableTemplate,
	type ListedTemplate,
	type NotificationBody,
	type TemplateChoice,
} from '../core/notificationRequest';
import { OPT_IN_NOT_CHECKED, optInFromField, optInFromSubscribers, type OptInDecision, type OptInSource } from '../core/optIn';
import { Pacer, DEFAULT_PACING } from '../core/pacing';
import { type PacingClock } from '../core/pacedDispatch';
import { phoneSearchTerm, subscribersOfPage } from '../core/subscribers';
import { credentialsOf, organisationUrl } from '../transport/channel360Request';
import { NOTIFICATION_PATH, postNotification } from '../transport/notifications';
import { searchSubscribers } from '../transport/subscribers';
import { listTemplates } from '../transport/templates';
import { internationalPhoneOf, ItemParameters } from './itemParameters';

export interface PreparedNotification {
	itemIndex: number;
	phone: string;
	template: TemplateChoice;
	body: NotificationBody;
	optIn: OptInDecision;
}

export interface SentNotification {
	notificationId: string | null;
	response: unknown;
}

/** How long one notification may keep retrying (429s) before its item fails saying so. */
export const DEFAULT_NOTIFICATION_BUDGET_MS = 60_000;

/**
 * The longest timer one wait of realClock sets. n8n 2.40's n8n-workflow has no sleepWithAbort and
 * a community node may not set its own timers, so an interrupted wait cannot clear its timer: a
 * long wait is slept in slices, and a stopped run leaves at most one slice per waiting job
 * behind, not timers running for minutes (which also kept the test process from exiting).
 */
export const SLEEP_SLICE_MS = 1_000;

export const realClock: PacingClock = {
	now: () => Date.now(),
	// Woken at once by the signal (the batch stopped); the slice under way then runs out alone.
	sleep: async (ms, signal) =>
		await new Promise<void>((resolve) => {
			if (signal?.aborted) return resolve();
			signal?.addEventListener('abort', () => resolve(), { once: true });
			const wakeAt = Date.now() + ms;
			const nap = (): void => {
				const left = wakeAt - Date.now();
				if (left <= 0 || signal?.aborted) return resolve();
				void sleep(Math.min(left, SLEEP_SLICE_MS)).then(nap);
			};
			nap();
		}),
};

/**
 * Everything one execution shares when sending templates (Notification → Send and Reply's
 * fallback): the template list, opt-in look-ups per number, and one Pacer for all items.
 */
export class NotificationSender {
	private templateList?: Promise<ListedTemplate[]>;
	private readonly optInByPhone = new Map<string, Promise<OptInDecision>>();
	private readonly retryBudgetMs: number;
	readonly pacer: Pacer;
	/** The node's parameters, those without an expression read once for all items. */
	readonly parameters: ItemParameters;

	constructor(
		private readonly ctx: IExecuteFunctions,
		pacing: { messagesPerSecond?: number; perRecipientIntervalSeconds?: number; retryBudgetSeconds?: number } = {},
	) {
		this.parameters = new ItemParameters(ctx);
		this.retryBudgetMs = pacing.retryBudgetSeconds === undefined ? DEFAULT_NOTIFICATION_BUDGET_MS : pacing.retryBudgetSeconds * 1000;
		this.pacer = new Pacer({
			messagesPerSecond: pacing.messagesPerSecond ?? DEFAULT_PACING.messagesPerSecond,
			perRecipientIntervalMs:
				pacing.perRecipientIntervalSeconds === undefined
					? DEFAULT_PACING.perRecipientIntervalMs
					: pacing.perRecipientIntervalSeconds * 1000,
		});
	}

	/**
	 * Reads and checks an item's template, variables, recipient and opt-in. Sends nothing. Reads
	 * only the template fields both callers show (templateSendFields); `documentFilename` comes from
	 * Notification → Send's options, which Reply's screen does not have.
	 */
	async prepare(itemIndex: number, documentFilename?: string): Promise<PreparedNotification> {
		const ctx = this.ctx;
		const parameters = this.parameters;
		const phone = await internationalPhoneOf(ctx, itemIndex, undefined, parameters);
		const choice = decodeTemplateChoice(parameters.get('template', itemIndex));
		const template = sendableTemplate(await this.templates(itemIndex), choice);
		const components =
			parameters.get('variablesInput', itemIndex, 'fields') === 'json'
				? componentsFromJson(template, parameters.get('componentsJson', itemIndex, '[]'))
				: componentsFromValues(
						template,
						(parameters.get('templateVariables', itemIndex, {}) as ResourceMapperValue).value ?? {},
						documentFilename || undefined,
					);
		const body = notificationBody(phone, choice, components);
		const optIn = await this.optIn(parameters.get('optInSource', itemIndex) as OptInSource, phone, itemIndex);
		return { itemIndex, phone, template: choice, body, optIn };
	}

	/** The exact request a send would make, for dry runs. */
	async requestOf(prepared: PreparedNotification): Promise<IDataObject> {
		const credentials = await credentialsOf(this.ctx);
		return {
			method: 'POST',
			url: `${organisationUrl(credentials)}${NOTIFICATION_PATH}`,
			body: prepared.body as unknown as IDataObject,
		};
	}

	/**
	 * One POST /notification. It queues a message, so it is never repeated after a 5xx or a
	 * dropped connection (Channel360 may have queued it already); only a 429, which means
	 * Channel360 did nothing, is retried, and it pauses the pacer for every item.
	 */
	async send(prepared: PreparedNotification): Promise<SentNotification> {
		const response = await postNotification(this.ctx, prepared.body, {
			itemIndex: prepared.itemIndex,
			retry: { maxRetries: 8, budgetMs: this.retryBudgetMs },
			onRateLimited: (until) => this.pacer.pauseUntil(until),
		});
		const id = (response as { notification?: { _id?: unknown } } | null)?.notification?._id;
		return { notificationId: typeof id === 'string' ? id : null, response };
	}

	/** One paced send, for callers that send item by item. */
	async sendPaced(prepared: PreparedNotification): Promise<SentNotification> {
		const start = this.pacer.reserve(prepared.phone, realClock.now());
		const wait = Math.max(start, this.pacer.resumeAt) - realClock.now();
		if (wait > 0) await realClock.sleep(wait);
		return await this.send(prepared);
	}

	private async templates(itemIndex: number): Promise<ListedTemplate[]> {
		this.templateList ??= listTemplates(this.ctx, { itemIndex });
		return await this.templateList;
	}

	private async optIn(source: OptInSource, phone: string, itemIndex: number): Promise<OptInDecision> {
		if (source === 'none') return OPT_IN_NOT_CHECKED;
		if (source === 'field') return optInFromField(this.parameters.get('optedIn', itemIndex));
		let decision = this.optInByPhone.get(phone);
		if (!decision) {
			decision = searchSubscribers(this.ctx, { search: phoneSearchTerm(phone), itemIndex, onRateLimited: (until) => this.pacer.pauseUntil(until) }).then(
				(body) => optInFromSubscribers(phone, subscribersOfPage(body)),
			);
			this.optInByPhone.set(phone, decision);
		}
		return await decision;
	}
}
