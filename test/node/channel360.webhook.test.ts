import { jsonOf, useSandbox } from './nodeTestKit';

describe('Channel360 node: Webhook', () => {
	const kit = useSandbox();
	const target = 'https://n8n.example.co.za/webhook/abc123';

	it('creates a webhook and returns its id, found in the list since Channel360 does not return it', async () => {
		const { outputs, error } = await kit.run({
			resource: 'webhook',
			operation: 'create',
			target,
			triggers: ['message:appUser', 'notification:delivery:failure'],
		});
		expect(error).toBeUndefined();
		const [stored] = kit.sandbox.webhooks(kit.orgId);
		expect(stored).toMatchObject({ target, triggers: ['message:appUser', 'notification:delivery:failure'] });
		expect(outputs[0][0].json).toMatchObject({ created: true, id: stored.id, target });
	});

	it('lists and deletes webhooks', async () => {
		await kit.run({ resource: 'webhook', operation: 'create', target, triggers: ['message:appUser'] });
		const listed = await kit.run({ resource: 'webhook', operation: 'getAll' });
		expect(jsonOf(listed.outputs[0])).toEqual([expect.objectContaining({ target })]);
		const id = listed.outputs[0][0].json.id as string;
		const deleted = await kit.run({ resource: 'webhook', operation: 'delete', webhookId: id });
		expect(deleted.outputs[0][0].json).toEqual({ deleted: true, webhookId: id });
		expect(kit.sandbox.webhooks(kit.orgId)).toHaveLength(0);
	});

	it("lists a Channel360 Trigger's webhook without the secret that proves its deliveries", async () => {
		const secret = 'b6f1c9d2e3a4f5061728394a5b6c7d8e';
		const triggerTarget = `https://n8n.example.co.za/webhook/7f1c/webhook?c360_token=${secret}`;
		await kit.run({ resource: 'webhook', operation: 'create', target: triggerTarget, triggers: ['message:appUser'] });
		const listed = await kit.run({ resource: 'webhook', operation: 'getAll' });
		expect(listed.outputs[0][0].json.target).toBe('https://n8n.example.co.za/webhook/7f1c/webhook?c360_token=[redacted]');
		expect(JSON.stringify(listed.outputs)).not.toContain(secret);
	});

	it("creates a webhook for a trigger's URL without showing the secret in its output", async () => {
		const secret = 'c7a2d0e1f2b3c4d5e6f708192a3b4c5d';
		const triggerTarget = `https://n8n.example.co.za/webhook/7f1c/webhook?c360_token=${secret}`;
		const { outputs, error } = await kit.run({ resource: 'webhook', operation: 'create', target: triggerTarget, triggers: ['message:appUser'] });
		expect(error).toBeUndefined();
		expect(kit.sandbox.webhooks(kit.orgId)[0].target).toBe(triggerTarget);
		expect(outputs[0][0].json).toMatchObject({ created: true, target: 'https://n8n.example.co.za/webhook/7f1c/webhook?c360_token=[redacted]' });
		expect(JSON.stringify(outputs)).not.toContain(secret);
	});

	it('refuses a target that is not a URL before calling Channel360', async () => {
		const { error } = await kit.run({ resource: 'webhook', operation: 'create', target: 'n8n.local', triggers: ['message:appUser'] });
		expect(error?.message).toMatch(/Target URL "n8n.local" is not a web address/);
		expect(kit.sandbox.webhooks(kit.orgId)).toHaveLength(0);
	});
});
