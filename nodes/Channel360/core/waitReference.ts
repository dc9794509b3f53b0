/**
 * The signed reference a Send and Wait button carries back to n8n (its id or quick-reply
 * payload): which waiting execution it answers, with which answer, and the proof that this
 * node sent it to this customer. Pure; no state: every n8n process that holds the Channel360
 * credential can verify it (queue mode).
 *
 *   c360w1|<executionId>|<nodeId>|<answer>|<recipientKind>|<questionId>|<resumeSignature>|<mac>
 *
 * - answer: `a` (approve), `d` (decline) or `0`–`9` (the chosen option).
 * - recipientKind: `u` binds the reference to an App User ID, `p` to a phone number. The value
 *   itself is not in the reference; it is in the MAC, so only that customer's tap verifies.
 * - questionId: random per question, so a late tap on an earlier question of the same node in
 *   the same execution (a loop) cannot answer a later one.
 * - resumeSignature: n8n's `signature` of this execution's resume URL (base64url), so the
 *   trigger that receives the tap can resume the execution without any shared state.
 * - mac: HMAC-SHA256 keyed from the credential's API token over everything above plus the
 *   recipient, truncated to 128 bits (base64url).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'crypto';

import { digitsOf } from './phone';

export const WAIT_REFERENCE_PREFIX = 'c360w1|';
/** WhatsApp's limit for a list row id (the tighter of button id 256 and row id 200). */
export const MAX_REFERENCE_LENGTH = 200;

export type AnswerToken = 'a' | 'd' | '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
export type RecipientKind = 'u' | 'p';

export interface WaitReferenceParts {
	executionId: string;
	nodeId: string;
	answer: AnswerToken;
	recipientKind: RecipientKind;
	/** Random per question (newQuestionId). */
	questionId: string;
	/** n8n's resume-URL signature, as n8n puts it in the URL (64 hex digits). */
	resumeSignature: string;
}

export interface ParsedWaitReference extends WaitReferenceParts {
	mac: string;
	/** The whole reference, as it came. */
	text: string;
}

/** Who tapped, as the trigger's delivery names them. */
export interface Tapper {
	appUserId: string | null;
	phone: string | null;
}

const ANSWER = /^(?:[ad]|[0-9])$/;
const QUESTION_ID = /^[A-Za-z0-9_-]{8}$/;
const SAFE_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const DERIVATION_CONTEXT = 'channel360-send-and-wait-v1';

/** The MAC key, derived from the API token: every process with the credential derives the same one. */
export function waitSecret(apiToken: string): Buffer {
	return createHmac('sha256', apiToken).update(DERIVATION_CONTEXT).digest();
}

/** A fresh question id: 48 random bits, 8 characters. */
export function newQuestionId(): string {
	return randomBytes(6).toString('base64url');
}

function recipientValue(kind: RecipientKind, recipient: string): string {
	return kind === 'p' ? digitsOf(recipient) : recipient;
}

function macOf(parts: WaitReferenceParts, recipient: string, secret: Buffer): string {
	const input = [
		'v1',
		parts.executionId,
		parts.nodeId,
		parts.answer,
		parts.recipientKind,
		parts.questionId,
		parts.resumeSignature,
		recipientValue(parts.recipientKind, recipient),
	].join('\n');
	return createHmac('sha256', secret).update(input).digest().subarray(0, 16).toString('base64url');
}

function hexToBase64Url(hex: string): string {
	return Buffer.from(hex, 'hex').toString('base64url');
}

function base64UrlToHex(value: string): string {
	return Buffer.from(value, 'base64url').toString('hex');
}

export function buildWaitReference(parts: WaitReferenceParts, recipient: string, secret: Buffer): string {
	if (!SAFE_ID.test(parts.executionId)) throw new Error(`The execution id "${parts.executionId}" cannot be put in a button`);
	if (!SAFE_ID.test(parts.nodeId)) throw new Error(`The node id "${parts.nodeId}" cannot be put in a button`);
	if (!ANSWER.test(parts.answer)) throw new Error(`"${parts.answer}" is not an answer token`);
	if (!QUESTION_ID.test(parts.questionId)) throw new Error(`"${parts.questionId}" is not a question id`);
	if (!/^[0-9a-f]{64}$/.test(parts.resumeSignature)) throw new Error('The resume signature is not 64 hex digits');
	if (recipientValue(parts.recipientKind, recipient) === '') throw new Error('A reference needs the recipient it is for');
	const reference = [
		WAIT_REFERENCE_PREFIX + parts.executionId,
		parts.nodeId,
		parts.answer,
		parts.recipientKind,
		parts.questionId,
		hexToBase64Url(parts.resumeSignature),
		macOf(parts, recipient, secret),
	].join('|');
	if (reference.length > MAX_REFERENCE_LENGTH) {
		throw new Error(`The answer reference is ${reference.length} characters; WhatsApp allows ${MAX_REFERENCE_LENGTH}`);
	}
	return reference;
}

/** The parts of a reference, or null when the text is not one (a normal button id, a typed message). */
export function parseWaitReference(text: unknown): ParsedWaitReference | null {
	if (typeof text !== 'string' || !text.startsWith(WAIT_REFERENCE_PREFIX) || text.length > MAX_REFERENCE_LENGTH) return null;
	const fields = text.slice(WAIT_REFERENCE_PREFIX.length).split('|');
	if (fields.length !== 7) return null;
	const [executionId, nodeId, answer, recipientKind, questionId, signature, mac] = fields;
	if (!SAFE_ID.test(executionId) || !SAFE_ID.test(nodeId) || !ANSWER.test(answer) || !QUESTION_ID.test(questionId)) return null;
	if (recipientKind !== 'u' && recipientKind !== 'p') return null;
	if (!/^[A-Za-z0-9_-]{43}$/.test(signature) || !/^[A-Za-z0-9_-]{22}$/.test(mac)) return null;
	return {
		executionId,
		nodeId,
		answer: answer as AnswerToken,
		recipientKind,
		questionId,
		resumeSignature: base64UrlToHex(signature),
		mac,
		text,
	};
}

function sameText(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.byteLength === right.byteLength && timingSafeEqual(left, right);
}

/** Whether the reference was made by a holder of the credential for exactly this customer. Timing-safe. */
export function verifyWaitReference(reference: ParsedWaitReference, tapper: Tapper, secret: Buffer): boolean {
	const recipient = reference.recipientKind === 'u' ? tapper.appUserId : tapper.phone;
	if (!recipient) return false;
	return sameText(macOf(reference, recipient, secret), reference.mac);
}

/** What the trigger posts to the resume URL: the tap, and its proof that it holds the credential. */
export interface ResumeRequest {
	reference: string;
	appUserId: string | null;
	phone: string | null;
	title: string | null;
	answerMessageId: string | null;
	answeredAt: string;
	proof: string;
}

function proofOf(request: Omit<ResumeRequest, 'proof'>, secret: Buffer): string {
	const input = ['resume-v1', request.reference, request.appUserId ?? '', request.phone ?? '', request.title ?? '', request.answerMessageId ?? '', request.answeredAt].join('\n');
	return createHmac('sha256', secret).update(input).digest('base64url');
}

/**
 * Signs a resume request. The button id is seen by the customer's phone and by the platforms
 * between; the proof is not, so knowing a button id is not enough to resume an execution.
 */
export function signResumeRequest(request: Omit<ResumeRequest, 'proof'>, secret: Buffer): ResumeRequest {
	return { ...request, proof: proofOf(request, secret) };
}

export function verifyResumeRequest(request: ResumeRequest, secret: Buffer): boolean {
	return typeof request.proof === 'string' && sameText(proofOf(request, secret), request.proof);
}

/** Reads a resume request body, or null when it is not one. */
export function readResumeRequest(body: unknown): ResumeRequest | null {
	if (typeof body !== 'object' || body === null) return null;
	const value = body as Record<string, unknown>;
	const text = (key: string): string | null => (typeof value[key] === 'string' ? (value[key] as string) : null);
	const reference = text('reference');
	const answeredAt = text('answeredAt');
	const proof = text('proof');
	if (!reference || !answeredAt || !proof) return null;
	return {
		reference,
		appUserId: text('appUserId'),
		phone: text('phone'),
		title: text('title'),
		answerMessageId: text('answerMessageId'),
		answeredAt,
		proof,
	};
}

/**
 * The resume URL of the waiting execution, from the receiving trigger's own webhook URL
 * (`<base>/webhook/<webhookId>/webhook`): same origin and path prefix, n8n's
 * `/webhook-waiting/<executionId>/<nodeId>` route and the signature n8n checks.
 */
export function resumeUrlFor(ownWebhookUrl: string, reference: WaitReferenceParts): string {
	const url = new URL(ownWebhookUrl);
	const segments = url.pathname.split('/');
	// Drop "<webhook endpoint>/<webhookId>/<path>": what is left is the reverse-proxy prefix, if any.
	const prefix = segments.slice(0, Math.max(1, segments.length - 3)).join('/');
	const resume = new URL(`${url.origin}${prefix}/webhook-waiting/${reference.executionId}/${encodeURIComponent(reference.nodeId)}`);
	resume.searchParams.set('signature', reference.resumeSignature);
	return resume.toString();
}
