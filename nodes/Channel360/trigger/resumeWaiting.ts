/**
 * A customer's tap on a Send and Wait button reaches every Channel360 Trigger of the
 * organisation. Each one that receives it verifies the reference for this customer and posts
 * the answer to the waiting execution's resume URL (n8n's `/webhook-waiting/…`, with the
 * signature the reference carries, plus a proof only a holder of the credential can make).
 * n8n resumes an execution once; every later post finds it no longer waiting. No state here.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { NormalisedEvent } from '../core/normalise';
import {
	parseWaitReference,
	resumeUrlFor,
	signResumeRequest,
	verifyWaitReference,
	waitSecret,
} from '../core/waitReference';
import { credentialsOf } from '../transport/channel360Request';

/**
 * Whether the event is an answer to a Send and Wait question for this customer (it then does
 * not start the workflow, unless the user asks for it). A reference that does not verify is
 * logged and left to the workflow as an ordinary message: a customer's message is never lost.
 */
export async function answeredWaitingExecution(ctx: IWebhookFunctions, event: NormalisedEvent): Promise<boolean> {
	if (event.direction !== 'inbound' || !event.reply) return false;
	const reference = parseWaitReference(event.reply.id);
	if (!reference) return false;

	const secret = waitSecret((await credentialsOf(ctx)).apiToken);
	const tapper = { appUserId: event.appUserId, phone: event.phone };
	if (!verifyWaitReference(reference, tapper, secret)) {
		ctx.logger.warn(
			`Channel360 Trigger: a Send and Wait answer (message ${event.messageId ?? 'without id'}) resumed nothing: its reference to execution ${reference.executionId} is not signed for App User ${event.appUserId ?? 'unknown'}: another customer's answer, or a forged one`,
		);
		return false;
	}

	const ownUrl = ctx.getNodeWebhookUrl('default');
	if (!ownUrl) {
		ctx.logger.warn(`Channel360 Trigger: cannot resume execution ${reference.executionId}: this trigger does not know its own webhook URL`);
		return true;
	}
	const body = signResumeRequest(
		{
			reference: reference.text,
			appUserId: event.appUserId,
			phone: event.phone,
			title: event.reply.title,
			answerMessageId: event.messageId,
			answeredAt: event.timestamp ?? new Date().toISOString(),
		},
		secret,
	);
	try {
		const response = (await ctx.helpers.httpRequest({
			method: 'POST',
			url: resumeUrlFor(ownUrl, reference),
			body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };
		const answer = typeof response.body === 'object' && response.body !== null ? (response.body as IDataObject) : {};
		if (answer.resumed === true) {
			ctx.logger.info(`Channel360 Trigger: resumed execution ${reference.executionId} with the answer of App User ${event.appUserId ?? 'unknown'}`);
		} else {
			const why = typeof answer.message === 'string' ? answer.message : `n8n answered ${response.statusCode}`;
			ctx.logger.info(
				`Channel360 Trigger: a Send and Wait answer resumed nothing: execution ${reference.executionId} is not waiting for it (already answered, timed out or ended; ${why})`,
			);
		}
	} catch (error) {
		ctx.logger.warn(`Channel360 Trigger: could not resume execution ${reference.executionId}: ${(error as Error).message}`);
	}
	return true;
}
