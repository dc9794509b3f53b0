/**
 * Message → Send and Wait for Response: sends a question whose buttons (or list rows, or a
 * template's quick-reply buttons) carry signed references to this waiting execution, puts the
 * execution to wait (or, with the window closed and "Route to Window Closed Output", sends
 * nothing and passes the item on without waiting), and, when the Channel360 Trigger posts the
 * customer's tap to the resume URL, checks it and outputs the answer. Nothing is kept anywhere but in the references and in
 * n8n's own record of the waiting execution, so any n8n process can take the tap (queue mode).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError, WAIT_INDEFINITELY } from 'n8n-workflow';

import { requireText } from '../../core/fieldError';
import { buildReplyBody } from '../../core/replyBody';
import { planReply, windowClosedReport, type WindowClosedAction, type WindowClosedReport } from '../../core/replyDecision';
import {
	answerFor,
	answerOptions,
	questionMessage,
	quickReplyComponents,
	type AnswerOption,
	type QuestionConfig,
} from '../../core/sendAndWaitQuestion';
import { waitLimitDate, type WaitLimit } from '../../core/waitLimit';
import {
	buildWaitReference,
	newQuestionId,
	parseWaitReference,
	readResumeRequest,
	verifyResumeRequest,
	verifyWaitReference,
	waitSecret,
	type RecipientKind,
} from '../../core/waitReference';
import { credentialsOf } from '../../transport/channel360Request';
import { failedItem, itemError } from '../itemErrors';
import { NotificationSender } from '../notificationSender';
import { noAppUserError, recipientWindow, requirePhoneForTemplate } from './recipient';
import { WINDOW_CLOSED_OUTPUT } from './reply';
import { sendReply } from './send';

type ParameterReader = (name: string, fallback?: unknown) => unknown;

/** The question's answers, read the same way when sending and when a tap comes back. */
function questionConfigOf(read: ParameterReader): QuestionConfig {
	const responseType = read('responseType', 'approval') as QuestionConfig['responseType'];
	if (responseType === 'approval') {
		return {
			responseType,
			approveLabel: read('approveLabel', 'Approve') as string,
			offerDecline: read('offerDecline', true) !== false,
			declineLabel: read('declineLabel', 'Decline') as string,
		};
	}
	return {
		responseType,
		choiceStyle: read('choiceStyle', 'buttons') as QuestionConfig['choiceStyle'],
		options: ((read('answerOptions', {}) as IDataObject).option ?? []) as QuestionConfig['options'],
	};
}

async function secretOf(ctx: IExecuteFunctions | IWebhookFunctions): Promise<Buffer> {
	return waitSecret((await credentialsOf(ctx)).apiToken);
}

/** What the workflow knows about the question once it is sent; the answer item repeats it. */
interface SentQuestion extends IDataObject {
	/** Random per question; the answer's reference must carry it. */
	questionId: string;
	messageId: string | null;
	sentAs: 'interactive' | 'template';
	appUserId: string | null;
	phone: string | null;
	sentAt: string;
	waitUntil: string | null;
}

/** The question went out; or the window was closed and the user chose to route: nothing went out, the report says why. */
type QuestionOutcome = { sent: SentQuestion } | { windowClosed: WindowClosedReport };

async function sendQuestion(ctx: IExecuteFunctions, sender: NotificationSender): Promise<QuestionOutcome> {
	const itemIndex = 0;
	const read: ParameterReader = (name, fallback) => ctx.getNodeParameter(name, itemIndex, fallback);
	const config = questionConfigOf(read);
	const options = answerOptions(config);
	const text = requireText(read('question'), 'Message', 1024);
	const waitOptions = read('waitOptions', {}) as IDataObject;
	const limit = (waitOptions.limitWaitTime as IDataObject | undefined)?.values as WaitLimit | undefined;
	const waitUntil = waitLimitDate(limit, Date.now());
	const recipient = await recipientWindow(ctx, itemIndex, waitOptions.useItemWindow !== false);
	const { appUserId, rawPhone, window } = recipient;
	const plan = planReply(window, read('windowClosedAction', 'fail') as WindowClosedAction);
	// Before the resume URL and the secret: a routed item has no question to be answered.
	if (plan.action === 'routeToOutput') return { windowClosed: windowClosedReport({ ...recipient, reason: plan.reason }) };

	const secret = await secretOf(ctx);
	const resumeSignature = new URL(ctx.getSignedResumeUrl()).searchParams.get('signature') ?? '';
	const recipientKind: RecipientKind = appUserId ? 'u' : 'p';
	const referenceRecipient = appUserId ?? rawPhone;
	const questionId = newQuestionId();
	const referenceOf = (option: AnswerOption) =>
		buildWaitReference(
			{ executionId: ctx.getExecutionId(), nodeId: ctx.getNode().id, answer: option.token, recipientKind, questionId, resumeSignature },
			referenceRecipient,
			secret,
		);
	const sentAt = new Date().toISOString();
	const common = { questionId, appUserId, sentAt, waitUntil: waitUntil?.toISOString() ?? null };

	if (plan.action === 'sendFreeForm') {
		if (!appUserId) throw noAppUserError(rawPhone);
		const listButtonText = read('listButtonText', 'Options') as string;
		const body = buildReplyBody(questionMessage(text, config, options, referenceOf, listButtonText));
		const sent = await sendReply(ctx, appUserId, body, itemIndex);
		return { sent: { ...common, messageId: (sent.messageId as string | null) ?? null, sentAs: 'interactive', phone: rawPhone || null } };
	}
	if (plan.action === 'sendTemplate') {
		requirePhoneForTemplate(rawPhone, ctx.getInputData()[itemIndex].json);
		const prepared = await sender.prepare(itemIndex);
		if (!prepared.optIn.optedIn) {
			throw new NodeOperationError(ctx.getNode(), `Not sent: ${plan.reason}; the template was not sent either: ${prepared.optIn.reason}`, {
				itemIndex,
				description: 'A template may only go to a customer who opted in. Without a message there is no answer to wait for.',
			});
		}
		const template = prepared.body.message.template;
		// The answers take the template's quick-reply buttons; any other button parameters stay.
		template.components = [
			...template.components.filter((component) => (component as IDataObject).sub_type !== 'quick_reply'),
			...quickReplyComponents(options, referenceOf),
		];
		const sent = await sender.sendPaced(prepared);
		return { sent: { ...common, messageId: sent.notificationId, sentAs: 'template', phone: prepared.phone } };
	}
	throw new NodeOperationError(ctx.getNode(), `Not sent: ${plan.reason}`, {
		itemIndex,
		description:
			'WhatsApp only allows interactive messages within 24 hours of the customer\'s last message. Set "When the Window Is Closed" to send a template with quick-reply buttons or route the item.',
	});
}

/**
 * Sends the question for the first item (like n8n's own send-and-wait nodes, one question per
 * execution) and puts the execution to wait. A routed item goes to the "Window Closed" output
 * at once: no question was sent, so there is nothing to wait for.
 */
export async function sendAndWait(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	let outcome: QuestionOutcome;
	try {
		outcome = await sendQuestion(this, new NotificationSender(this));
	} catch (error) {
		const failure = itemError(this, error, 0);
		if (!this.continueOnFail()) throw failure;
		return [[failedItem(failure, 0)]];
	}
	if ('windowClosed' in outcome) {
		const outputs: INodeExecutionData[][] = [[], []];
		outputs[WINDOW_CLOSED_OUTPUT].push({ json: outcome.windowClosed as unknown as IDataObject, pairedItem: { item: 0 } });
		return outputs;
	}
	const question = outcome.sent;
	// When the limit passes, n8n resumes the execution by passing this node's queued input on
	// unchanged: queue the item a timeout should produce. An answer replaces it (see below).
	this.getExecuteData().data = {
		main: [[{ json: { outcome: 'timedOut', answer: null, answeredBy: null, answeredAt: null, question }, pairedItem: { item: 0 } }]],
	};
	await this.putExecutionToWait(question.waitUntil ? new Date(question.waitUntil) : WAIT_INDEFINITELY);
	return [[{ json: { outcome: 'waiting', question }, pairedItem: { item: 0 } }]];
}

function refuse(ctx: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	ctx.getResponseObject().status(status).json({ resumed: false, message });
	return { noWebhookResponse: true };
}

/**
 * The resume request the trigger posted (n8n has checked its URL signature): checks the
 * trigger's proof, the reference and the tapper, and outputs the answer. A refusal leaves the
 * execution waiting.
 */
export async function sendAndWaitWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = readResumeRequest(this.getBodyData());
	if (!request) return refuse(this, 400, 'Not a Channel360 answer');
	const secret = await secretOf(this);
	if (!verifyResumeRequest(request, secret)) return refuse(this, 403, 'The answer is not signed with this Channel360 credential');
	const reference = parseWaitReference(request.reference);
	if (!reference || reference.executionId !== this.getExecutionId() || reference.nodeId !== this.getNode().id) {
		return refuse(this, 403, 'The answer is for another question');
	}
	if (!verifyWaitReference(reference, { appUserId: request.appUserId, phone: request.phone }, secret)) {
		return refuse(this, 403, 'The answer does not come from the customer the question went to');
	}
	const answer = answerFor(reference.answer, answerOptions(questionConfigOf((name, fallback) => this.getNodeParameter(name, fallback))));
	if (!answer) return refuse(this, 409, 'The node no longer offers this answer');

	let question: IDataObject | null = null;
	try {
		// The item queued for a timeout carries the question (see sendAndWait above).
		question = JSON.parse(String(this.evaluateExpression('{{ JSON.stringify($json.question ?? null) }}', 0))) as IDataObject | null;
	} catch {
		// Without it the question id cannot be compared; the reference was verified all the same.
	}
	if (question && question.questionId !== reference.questionId) {
		return refuse(this, 409, 'The answer is for an earlier question of this node');
	}
	const json: IDataObject = {
		outcome: 'answered',
		answer: {
			value: answer.value,
			title: request.title ?? answer.title,
			...(reference.answer === 'a' || reference.answer === 'd' ? { approved: reference.answer === 'a' } : {}),
		},
		answeredBy: { appUserId: request.appUserId, phone: request.phone },
		answeredAt: request.answeredAt,
		answerMessageId: request.answerMessageId,
		question,
	};
	return { webhookResponse: { resumed: true }, workflowData: [[{ json }]] };
}
