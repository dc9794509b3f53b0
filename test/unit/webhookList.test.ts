import { asWebhookList, newestWithTarget, withoutTriggerSecret } from '../../nodes/Channel360/core/webhookList';

describe('webhook lists', () => {
	const hook = (target: string, createdAt: string) => ({ _id: createdAt, target, triggers: ['message:appUser'], createdAt });

	it('reads the bare array the platform returns and the object the docs show', () => {
		const listed = [hook('https://a.example/x', '2026-01-01')];
		expect(asWebhookList(listed)).toEqual(listed);
		expect(asWebhookList({ first: listed[0], note: 'not a webhook' })).toEqual(listed);
		expect(asWebhookList('Not Found')).toEqual([]);
	});

	it('finds the newest webhook with a target, since a create answers without an id', () => {
		const older = hook('https://a.example/x', '2026-01-01T00:00:00Z');
		const newer = hook('https://a.example/x', '2026-01-02T00:00:00Z');
		expect(newestWithTarget([older, newer, hook('https://b.example/y', '2026-01-03T00:00:00Z')], 'https://a.example/x')).toBe(newer);
		expect(newestWithTarget([older], 'https://c.example/z')).toBeUndefined();
	});

	it('hides the trigger secret in a target and keeps the rest of the URL', () => {
		expect(withoutTriggerSecret(hook('https://n8n.example/webhook/1/webhook?c360_token=s3cret&x=1', 'a')).target).toBe(
			'https://n8n.example/webhook/1/webhook?c360_token=[redacted]&x=1',
		);
		const plain = hook('https://crm.example/hook?token=theirs', 'b');
		expect(withoutTriggerSecret(plain)).toBe(plain);
	});
});
