import {
	generateSecret,
	secretOfTarget,
	secretsMatch,
	targetPointsTo,
	targetWithSecret,
} from '../../nodes/Channel360/core/webhookSecret';

describe('webhook secret', () => {
	it('generates long, different secrets', () => {
		const a = generateSecret();
		expect(a.length).toBeGreaterThanOrEqual(32);
		expect(generateSecret()).not.toBe(a);
	});

	it('matches only the exact secret', () => {
		expect(secretsMatch('abc123', 'abc123')).toBe(true);
		expect(secretsMatch('abc123', 'abc124')).toBe(false);
		expect(secretsMatch('abc123', 'abc1234')).toBe(false);
		expect(secretsMatch('abc123', undefined)).toBe(false);
		expect(secretsMatch('abc123', ['abc123'])).toBe(false);
		expect(secretsMatch(undefined, '')).toBe(false);
	});

	it('puts the secret in the target and reads it back, keeping other query parameters', () => {
		const target = targetWithSecret('https://n8n.example/webhook/abc/webhook?x=1', 's3cr3t');
		expect(target).toBe('https://n8n.example/webhook/abc/webhook?x=1&c360_token=s3cr3t');
		expect(secretOfTarget(target)).toBe('s3cr3t');
	});

	it('recognises our targets whatever secret they carry, and nobody else’s', () => {
		const url = 'https://n8n.example/webhook/abc/webhook';
		expect(targetPointsTo(targetWithSecret(url, 'old'), url)).toBe(true);
		expect(targetPointsTo(`${url}/`, url)).toBe(true);
		expect(targetPointsTo('https://n8n.example/webhook-test/abc/webhook?c360_token=x', url)).toBe(false);
		expect(targetPointsTo('https://n8n.example/webhook/other/webhook', url)).toBe(false);
		expect(targetPointsTo(`${url}?tenant=2`, url)).toBe(false);
		expect(targetPointsTo(undefined, url)).toBe(false);
	});
});
