import {
	buildWaitReference,
	MAX_REFERENCE_LENGTH,
	newQuestionId,
	parseWaitReference,
	readResumeRequest,
	resumeUrlFor,
	signResumeRequest,
	verifyResumeRequest,
	verifyWaitReference,
	waitSecret,
	type WaitReferenceParts,
} from '../../nodes/Channel360/core/waitReference';

const SECRET = waitSecret('org-api-token');
const SIGNATURE = 'a3'.repeat(32);
const NODE_ID = '0f6c1d2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5';
const THANDI = { appUserId: '5f2b9c7e1d3a4b0012c4e8f1', phone: '+27821234567' };
const PIETER = { appUserId: '5f2b9c7e1d3a4b0012c4e8aa', phone: '+27829876543' };

function parts(overrides: Partial<WaitReferenceParts> = {}): WaitReferenceParts {
	return { executionId: '4711', nodeId: NODE_ID, answer: 'a', recipientKind: 'u', questionId: 'q1w2e3r4', resumeSignature: SIGNATURE, ...overrides };
}

describe('Send and Wait reference', () => {
	it('round-trips: what is built parses back to the same parts and verifies for the recipient', () => {
		const text = buildWaitReference(parts(), THANDI.appUserId, SECRET);
		const parsed = parseWaitReference(text);
		expect(parsed).toMatchObject({ ...parts(), text });
		expect(verifyWaitReference(parsed!, THANDI, SECRET)).toBe(true);
	});

	it('fits a WhatsApp list row id even with a long execution id', () => {
		const text = buildWaitReference(parts({ executionId: '9'.repeat(20) }), THANDI.appUserId, SECRET);
		expect(text.length).toBeLessThanOrEqual(MAX_REFERENCE_LENGTH);
		expect(text.length).toBeLessThanOrEqual(200);
	});

	it("refuses another customer's tap", () => {
		const parsed = parseWaitReference(buildWaitReference(parts(), THANDI.appUserId, SECRET))!;
		expect(verifyWaitReference(parsed, PIETER, SECRET)).toBe(false);
		expect(verifyWaitReference(parsed, { appUserId: null, phone: THANDI.phone }, SECRET)).toBe(false);
	});

	it('binds to the phone number when no App User was known, in any notation', () => {
		const parsed = parseWaitReference(buildWaitReference(parts({ recipientKind: 'p' }), '+27 82 123 4567', SECRET))!;
		expect(verifyWaitReference(parsed, { appUserId: 'any', phone: '+27821234567' }, SECRET)).toBe(true);
		expect(verifyWaitReference(parsed, { appUserId: 'any', phone: PIETER.phone }, SECRET)).toBe(false);
	});

	it('refuses a reference signed with another credential', () => {
		const parsed = parseWaitReference(buildWaitReference(parts(), THANDI.appUserId, waitSecret('another-org-token')))!;
		expect(verifyWaitReference(parsed, THANDI, SECRET)).toBe(false);
	});

	it('refuses a tampered reference: another answer, execution, question or resume signature', () => {
		const text = buildWaitReference(parts({ answer: 'd' }), THANDI.appUserId, SECRET);
		const tampered = [
			text.replace('|d|', '|a|'),
			text.replace('c360w1|4711|', 'c360w1|4712|'),
			text.replace('|q1w2e3r4|', '|q1w2e3r5|'),
			(() => {
				const fields = text.split('|');
				fields[6] = Buffer.from('b4'.repeat(32), 'hex').toString('base64url');
				return fields.join('|');
			})(),
		];
		for (const candidate of tampered) {
			const parsed = parseWaitReference(candidate);
			expect(parsed).not.toBeNull();
			expect(verifyWaitReference(parsed!, THANDI, SECRET)).toBe(false);
		}
	});

	it('does not mistake ordinary button ids or typed text for a reference', () => {
		for (const text of ['slot_am', 'c360w1|', 'c360w1|1|2|3', 'nhitl1|4711|a|abc', undefined, 42, `c360w1|${'x'.repeat(300)}`]) {
			expect(parseWaitReference(text)).toBeNull();
		}
	});

	it('carries nothing guessable: the MAC changes with the secret and the recipient', () => {
		const a = buildWaitReference(parts(), THANDI.appUserId, SECRET);
		const b = buildWaitReference(parts(), PIETER.appUserId, SECRET);
		const c = buildWaitReference(parts(), THANDI.appUserId, waitSecret('other'));
		expect(new Set([a, b, c]).size).toBe(3);
		expect(a).not.toContain(THANDI.appUserId);
		expect(a).not.toContain('org-api-token');
	});

	it('gives every question its own id', () => {
		const ids = new Set(Array.from({ length: 50 }, () => newQuestionId()));
		expect(ids.size).toBe(50);
		for (const id of ids) expect(() => buildWaitReference(parts({ questionId: id }), THANDI.appUserId, SECRET)).not.toThrow();
	});

	it('rejects parts that cannot be put in a button', () => {
		expect(() => buildWaitReference(parts({ executionId: 'a|b' }), THANDI.appUserId, SECRET)).toThrow('execution id');
		expect(() => buildWaitReference(parts({ resumeSignature: 'short' }), THANDI.appUserId, SECRET)).toThrow('64 hex');
		expect(() => buildWaitReference(parts(), '', SECRET)).toThrow('recipient');
	});
});

describe('resume request', () => {
	const request = {
		reference: 'c360w1|…',
		appUserId: THANDI.appUserId,
		phone: THANDI.phone,
		title: 'Approve',
		answerMessageId: 'm1',
		answeredAt: '2026-11-29T10:00:00.000Z',
	};

	it('verifies only with the same credential and unchanged fields', () => {
		const signed = signResumeRequest(request, SECRET);
		expect(verifyResumeRequest(readResumeRequest(JSON.parse(JSON.stringify(signed)))!, SECRET)).toBe(true);
		expect(verifyResumeRequest(signed, waitSecret('other'))).toBe(false);
		expect(verifyResumeRequest({ ...signed, appUserId: PIETER.appUserId }, SECRET)).toBe(false);
		expect(verifyResumeRequest({ ...signed, proof: 'x' }, SECRET)).toBe(false);
	});

	it('reads nothing from a body that is not a resume request', () => {
		expect(readResumeRequest(undefined)).toBeNull();
		expect(readResumeRequest({ reference: 'x' })).toBeNull();
	});

	it("is posted to n8n's waiting-webhook route beside the trigger's own webhook, reverse-proxy prefix kept", () => {
		const reference = parts();
		expect(resumeUrlFor('https://n8n.example.co.za/webhook/abc-123/webhook?x=1', reference)).toBe(
			`https://n8n.example.co.za/webhook-waiting/4711/${NODE_ID}?signature=${SIGNATURE}`,
		);
		expect(resumeUrlFor('https://example.co.za/automation/webhook/abc-123/webhook', reference)).toBe(
			`https://example.co.za/automation/webhook-waiting/4711/${NODE_ID}?signature=${SIGNATURE}`,
		);
	});
});
