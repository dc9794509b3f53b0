import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runPaced } from '../core/pacedDispatch';
import { failedItem, itemError } from './itemErrors';
import { NotificationSender, realClock, type PreparedNotification } from './notificationSender';

type Prepared = { kind: 'send'; prepared: PreparedNotification } | { kind: 'done'; item: INodeExecutionData };

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
export async function sendNotifications(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const firstOptions = this.getNodeParameter('notificationOptions', 0, {}) as IDataObject;
	const sender = new NotificationSender(this, {
		messagesPerSecond: firstOptions.messagesPerSecond as number | undefined,
		perRecipientIntervalSeconds: firstOptions.perRecipientIntervalSeconds as number | undefined,
		retryBudgetSeconds: firstOptions.retryBudgetSeconds as number | undefined,
	});

	const plan: Prepared[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		try {
			const prepared = await sender.prepare(itemIndex);
			const options = this.getNodeParameter('notificationOptions', itemIndex, {}) as IDataObject;
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
			} else plan.push({ kind: 'send', prepared });
		} catch (error) {
			const failure = itemError(this, error, itemIndex);
			if (!this.continueOnFail()) throw failure;
			plan.push({ kind: 'done', item: failedItem(failure, itemIndex, { notificationId: null }) });
		}
	}

	const toSend = plan.flatMap((entry) => (entry.kind === 'send' ? [entry.prepared] : []));
	// Without "Continue On Fail" the first failed send stops the ones not yet started.
	const results = await runPaced(
		toSend.map((prepared) => ({ recipient: prepared.phone, run: async () => await sender.send(prepared) })),
		sender.pacer,
		realClock,
		{ stopOnFailure: !this.continueOnFail(), signal: this.getExecutionCancelSignal() },
	);

	const sentItems = new Map<number, INodeExecutionData>();
	let firstFailure: NodeApiError | NodeOperationError | undefined;
	let sentCount = 0;
	results.forEach((result, index) => {
		const prepared = toSend[index];
		const pairedItem = { item: prepared.itemIndex };
		if (result.status === 'done') {
			sentCount++;
			sentItems.set(prepared.itemIndex, {
				json: {
					outcome: 'sent',
					reason: `queued by Channel360 (${prepared.optIn.reason})`,
					notificationId: result.value.notificationId,
					...summaryOf(prepared),
					sentAt: new Date(result.startedAt).toISOString(),
					response: result.value.response as IDataObject,
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
			`${sentCount} other notification(s) of this execution were sent before sending stopped.`,
		]
			.filter(Boolean)
			.join(' ');
		throw firstFailure;
	}
	return [plan.map((entry) => (entry.kind === 'done' ? entry.item : (sentItems.get(entry.prepared.itemIndex) as INodeExecutionData)))];
}
