import {
	generationTime,
	isNewerGeneration,
	newGeneration,
	secretOfTarget,
	secretsMatch,
	signedToken,
	targetPointsTo,
	targetWithSecret,
	verifiedGeneration,
	type TokenScope,
} from '../../nodes/Channel360/core/webhookSecret';

const KEY = 'api-token-of-the-organisation';
const SCOPE: TokenScope = { kind: 'production', workflowId: 'wf1', nodeId: 'node-1' };
const NOW = Date.parse('2026-11-29T19:00:00Z');

describe('webhook secret', () => {
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

describe('derived webhook token', () => {
	const generation = newGeneration(NOW);
	const token = signedToken(KEY, SCOPE, generation);

	it('is verified by anyone with the key, with no stored secret, and survives a URL round trip', () => {
		expect(verifiedGeneration(KEY, SCOPE, token)).toBe(generation);
		const target = targetWithSecret('https://n8n.example/webhook/abc/webhook', token);
		expect(verifiedGeneration(KEY, { ...SCOPE }, secretOfTarget(target))).toBe(generation);
		expect(token).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
		expect(token).not.toContain(KEY);
	});

	it('refuses a forged or altered mac, another generation, another key, node, workflow or URL kind', () => {
		const [, mac] = token.split('.');
		const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
		const later = newGeneration(NOW + 1000);
		const forged = [
			`${generation}.${flipped}`,
			`${later}.${mac}`,
			`${generation}.${'A'.repeat(43)}`,
			generation,
			`${generation}.`,
			`.${mac}`,
			`${generation}.${mac}x`,
			'',
			undefined,
			[token],
		];
		for (const candidate of forged) expect(verifiedGeneration(KEY, SCOPE, candidate)).toBeUndefined();
		expect(verifiedGeneration('another-api-token', SCOPE, token)).toBeUndefined();
		expect(verifiedGeneration('', SCOPE, token)).toBeUndefined();
		expect(verifiedGeneration(KEY, { ...SCOPE, nodeId: 'node-2' }, token)).toBeUndefined();
		expect(verifiedGeneration(KEY, { ...SCOPE, workflowId: 'wf2' }, token)).toBeUndefined();
		expect(verifiedGeneration(KEY, { ...SCOPE, kind: 'test' }, token)).toBeUndefined();
	});

	it('rotates: every new generation is later than the previous one, even within the same millisecond', () => {
		const first = newGeneration(NOW);
		const second = newGeneration(NOW, first);
		const third = newGeneration(NOW - 60_000, second);
		expect(generationTime(first)).toBe(NOW);
		expect(isNewerGeneration(second, first)).toBe(true);
		expect(isNewerGeneration(third, second)).toBe(true);
		expect(isNewerGeneration(first, second)).toBe(false);
		expect(isNewerGeneration(first, first)).toBe(false);
		expect(isNewerGeneration(first, undefined)).toBe(true);
		expect(isNewerGeneration(undefined, first)).toBe(false);
		expect(isNewerGeneration('NOT-A-GENERATION', first)).toBe(false);
		expect(signedToken(KEY, SCOPE, second)).not.toBe(signedToken(KEY, SCOPE, first));
	});
});
