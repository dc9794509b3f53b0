import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { MAY_HAVE_BEEN_QUEUED } from '../../core/apiErrors';
import { campaignKey, type SendOnceMode } from '../../core/campaignKey';
import { decodeTemplateChoice } from '../../core/notificationRequest';
import { runPaced } from '../../core/pacedDispatch';
import { CampaignLedger } from '../campaignLedger';
import { phoneField, shownFor } from '../commonFields';
import { failedItem, itemError } from '../itemErrors';
import { internationalPhoneOf, ItemParameters } from '../itemParameters';
import { NotificationSender, realClock, type PreparedNotification, type SentNotification } from '../notificationSender';
import { templateSendFields } from '../templateSendFields';

const onSend = shownFor('notification', 'send');

export const description: INodeProperties[] = [
	phoneField(onSend, 'The recipient\'s WhatsApp number in international format'),
	...templateSendFields(onSend),
	{
		displayName: 'Options',
		name: 'notificationOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: onSend,
		options: [
			{
				displayName: 'Campaign ID',
				name: 'campaignId',
				type: 'string',
				default: '',
				placeholder: 'e.g. spring-sale-2026',
				description:
					'With Send Once per Campaign: names the campaign, so that a recipient gets it once. Empty: the template and its language are the campaign.',
			},
			{
				displayName: 'Document Filename',
				name: 'documentFilename',
				type: 'string',
				default: '',
				description: 'The file name the customer sees for a document header, e.g. invoice-4411.pdf',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to only check the input and return the exact request (method, URL, body) without sending anything',
			},
			{
				displayName: 'Messages per Second',
				name: 'messagesPerSecond',
				type: 'number',
				typeOptions: { minValue: 0.1, maxValue: 1000, numberPrecision: 1 },
				default: 20,
				description:
					'The most notifications this node sends per second across all items (it paces 2.5% under it, so a send that starts late never pushes a second over). WhatsApp allows 80 per number by default and 1,000 on the upgraded tier; the default leaves room for other senders.',
			},
			{
				displayName: 'Retry Budget (Seconds)',
				name: 'retryBudgetSeconds',
				type: 'number',
				typeOptions: { minValue: 2, maxValue: 900 },
				default: 60,
				description:
					'The longest one notification may keep being retried while Channel360 asks to slow down (429), waits included. When it runs out the item fails saying so; nothing is sent twice.',
			},
			{
				displayName: 'Seconds Between Messages to One Recipient',
				name: 'perRecipientIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 6,
				description:
					'WhatsApp limits how often one number may be messaged (about one message every 6 seconds); items to the same number wait this long',
			},
			{
				displayName: 'Send Once per Campaign',
				name: 'sendOnce',
				type: 'options',
				options: [
					{ name: 'Off', value: 'off', description: 'Every item is sent, also to recipients sent to before' },
					{
						name: 'Skip Recipients Already Sent To',
						value: 'skipSent',
						description: "Each recipient's send is recorded in n8n's deduplication store; a rerun skips them",
					},
					{ name: 'Forget These Recipients', value: 'forget', description: "Sends nothing: removes the items' recipients from the campaign's record" },
					{ name: 'Forget All Campaigns of This Node', value: 'forgetAll', description: 'Sends nothing: clears everything this node recorded' },
				],
				default: 'off',
				description:
					'Whether a rerun (after a crash, a stop, or pressing Execute again) skips recipients this node already sent the campaign to. Off by default: the same template to the same number is often right (a second order\'s "order shipped").',
			},
		],
	},
];

type Prepared = { kind: 'send'; prepared: PreparedNotification; key: string } | { kind: 'done'; item: INodeExecutionData };

/** A log line every this many sends, so a long run shows it is moving. */
export const PROGRESS_EVERY = 5_000;
export const ALREADY_SENT = 'skipped: already sent in this campaign';

const mayHaveBeenQueued = (error: unknown) => String((error as { description?: unknown }).description ?? '').includes(MAY_HAVE_BEEN_QUEUED);

function keyOf(parameters: ItemParameters, itemIndex: number, phone: string): string {
	const options = parameters.get('notificationOptions', itemIndex, {}) as IDataObject;
	return campaignKey(options.campaignId, decodeTemplateChoice(parameters.get('template', itemIndex)), phone);
}

/** Send Once per Campaign → Forget: the items' keys (or all of this node's) are removed; nothing is sent. */
async function forgetCampaign(ctx: IExecuteFunctions, mode: 'forget' | 'forgetAll'): Promise<INodeExecutionData[][]> {
	const ledger = new CampaignLedger(ctx);
	const items = ctx.getInputData();
	if (mode === 'forgetAll') {
		await ledger.forgetAll();
		return [items.map((_, item) => ({ json: { outcome: 'forgotten', reason: 'every recipient of every campaign of this node forgotten' }, pairedItem: { item } }))];
	}
	const parameters = new ItemParameters(ctx);
	const keys: string[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		keys.push(keyOf(parameters, itemIndex, await internationalPhoneOf(ctx, itemIndex, undefined, parameters)));
	}
	await ledger.release(keys);
	return [keys.map((key, item) => ({ json: { outcome: 'forgotten', reason: 'the next send to this recipient in this campaign goes out again', campaignKey: key }, pairedItem: { item } }))];
}

function skippedAsSent(prepared: PreparedNotification, key: string): { kind: 'done'; item: INodeExecutionData } {
	return {
		kind: 'done',
		item: {
			json: { outcome: 'skipped', reason: ALREADY_SENT, notificationId: null, campaignKey: key, ...summaryOf(prepared) },
			pairedItem: { item: prepared.itemIndex },
		},
	};
}

function summaryOf(prepared: PreparedNotification): IDataObject {
	return {
		phone: prepared.phone,
		template: { ...prepared.template },
		optIn: { ...prepared.optIn },
	};
}

/**
 * Notification → Send for all items of the execution. First every item is checked (template,
 * variables, opt-in) and nothing is sent while any check fails without "Continue On Fail"; then
 * the sends run paced across all items, and each item reports sent, skipped or failed.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const firstOptions = this.getNodeParameter('notificationOptions', 0, {}) as IDataObject;
	const sendOnce = (firstOptions.sendOnce as SendOnceMode | undefined) ?? 'off';
	if (sendOnce === 'forget' || sendOnce === 'forgetAll') return await forgetCampaign(this, sendOnce);
	const ledger = sendOnce === 'skipSent' ? new CampaignLedger(this) : undefined;
	const sender = new NotificationSender(this, {
		messagesPerSecond: firstOptions.messagesPerSecond as number | undefined,
		perRecipientIntervalSeconds: firstOptions.perRecipientIntervalSeconds as number | undefined,
		retryBudgetSeconds: firstOptions.retryBudgetSeconds as number | undefined,
	});

	const plan: Prepared[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		try {
			const options = sender.parameters.get('notificationOptions', itemIndex, {}) as IDataObject;
			const prepared = await sender.prepare(itemIndex, options.documentFilename as string | undefined);
			if (!prepared.optIn.optedIn) {
				plan.push({
					kind: 'done',
					item: { json: { outcome: 'skipped', reason: `not sent: ${prepared.optIn.reason}`, notificationId: null, ...summaryOf(prepared) }, pairedItem },
				});
			} else if (options.dryRun === true) {
				plan.push({
					kind: 'done',
					item: {
						json: {
							outcome: 'dryRun',
							reason: 'dry run: checked and not sent',
							notificationId: null,
							...summaryOf(prepared),
							request: await sender.requestOf(prepared),
						},
						pairedItem,
					},
				});
			} else plan.push({ kind: 'send', prepared, key: ledger ? keyOf(sender.parameters, itemIndex, prepared.phone) : '' });
		} catch (error) {
			const failure = itemError(this, error, itemIndex);
			if (!this.continueOnFail()) throw failure;
			plan.push({ kind: 'done', item: failedItem(failure, itemIndex, { notificationId: null }) });
		}
	}

	if (ledger) {
		// Recipients a previous run of this campaign sent to are skipped without using a send slot.
		const sentBefore = await ledger.alreadySent(plan.flatMap((entry) => (entry.kind === 'send' ? [entry.key] : [])));
		plan.forEach((entry, index) => {
			if (entry.kind === 'send' && sentBefore.has(entry.key)) plan[index] = skippedAsSent(entry.prepared, entry.key);
		});
	}

	const toSend = plan.flatMap((entry) => (entry.kind === 'send' ? [entry] : []));
	const sendOne = async ({ prepared, key }: { prepared: PreparedNotification; key: string }): Promise<SentNotification | 'alreadySent'> => {
		if (ledger && !(await ledger.claim(key))) return 'alreadySent';
		const outcome = await sender.send(prepared).then(
			(sent) => ({ sent }),
			(error: unknown) => ({ error: error as NodeApiError }),
		);
		if ('sent' in outcome) return outcome.sent;
		// Certainly not sent: the recipient stays due for the next run.
		if (ledger && !mayHaveBeenQueued(outcome.error)) await ledger.release([key]);
		throw outcome.error;
	};
	let progress = 0;
	// Without "Continue On Fail" the first failed send stops the ones not yet started.
	const results = await runPaced(
		toSend.map((entry) => ({ recipient: entry.prepared.phone, run: async () => await sendOne(entry) })),
		sender.pacer,
		realClock,
		{
			stopOnFailure: !this.continueOnFail(),
			signal: this.getExecutionCancelSignal(),
			onSettled: (_index, result) => {
				if (result.status === 'done' && ++progress % PROGRESS_EVERY === 0) {
					this.logger.info(`Channel360 Notification → Send: ${progress} of ${toSend.length} sent`, { node: this.getNode().name });
				}
			},
		},
	);

	const sentItems = new Map<number, INodeExecutionData>();
	let firstFailure: NodeApiError | NodeOperationError | undefined;
	let sentCount = 0;
	let notSent = 0;
	results.forEach((result, index) => {
		const { prepared, key } = toSend[index];
		const pairedItem = { item: prepared.itemIndex };
		if (result.status === 'cancelled') {
			// Only reached in the output when the execution was stopped (Continue On Fail on).
			notSent++;
			sentItems.set(prepared.itemIndex, {
				json: { outcome: 'notSent', reason: 'not sent: sending stopped before this item', notificationId: null, ...summaryOf(prepared) },
				pairedItem,
			});
		}
		const sent = result.status === 'done' ? result.value : undefined;
		if (sent === 'alreadySent') {
			sentItems.set(prepared.itemIndex, skippedAsSent(prepared, key).item);
		} else if (result.status === 'done' && sent) {
			sentCount++;
			sentItems.set(prepared.itemIndex, {
				json: {
					outcome: 'sent',
					reason: `queued by Channel360 (${prepared.optIn.reason})`,
					notificationId: sent.notificationId,
					...summaryOf(prepared),
					sentAt: new Date(result.startedAt).toISOString(),
					response: sent.response as IDataObject,
				},
				pairedItem,
			});
		} else if (result.status === 'failed') {
			const failure = itemError(this, result.error, prepared.itemIndex);
			firstFailure ??= failure;
			sentItems.set(prepared.itemIndex, failedItem(failure, prepared.itemIndex, { notificationId: null, ...summaryOf(prepared) }));
		}
	});
	if (firstFailure && !this.continueOnFail()) {
		firstFailure.description = [
			firstFailure.description,
			`${sentCount} other notification(s) of this execution were sent before sending stopped; ${notSent} were not sent.`,
			ledger ? 'Run it again as it is: Send Once per Campaign skips the recipients already sent to.' : '',
		]
			.filter(Boolean)
			.join(' ');
		throw firstFailure;
	}
	return [plan.map((entry) => (entry.kind === 'done' ? entry.item : (sentItems.get(entry.prepared.itemIndex) as INodeExecutionData)))];
}
