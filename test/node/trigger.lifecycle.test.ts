/**
 * The trigger's webhook lifecycle as n8n drives it (activation, edits, restarts, deactivation),
 * through n8n-core's hook contexts, against the sandbox's webhook API.
 */
import { apiClient } from '../sandbox/helpers';
import type { TriggerHarness } from '../support/engine';
import { TRIGGER_STATE_KEY, useTriggerFixture } from '../support/triggerFixture';

describe('Channel360 Trigger lifecycle', () => {
	const fixture = useTriggerFixture();
	const webhooksOf = (harness: TriggerHarness) =>
		fixture.sandbox.webhooks().filter((webhook) => webhook.target.startsWith(`${harness.webhookUrl}?`));
	const tokenOf = (harness: TriggerHarness) => new URL(webhooksOf(harness)[0].target).searchParams.get('c360_token') ?? '';

	it('registers exactly one webhook on activation, with message:appMaker among its triggers', async () => {
		const harness = await fixture.trigger({ events: ['message:appUser'] });
		expect(await harness.checkExists()).toBe(false);
		await harness.activate();

		expect(fixture.sandbox.webhooks()).toHaveLength(1);
		const [webhook] = fixture.sandbox.webhooks();
		expect(webhooksOf(harness)).toEqual([webhook]);
		expect([...webhook.triggers].sort()).toEqual(['message:appMaker', 'message:appUser']);
		expect(harness.persistedStaticData()[TRIGGER_STATE_KEY]).toEqual(
			expect.objectContaining({ webhookId: webhook.id, tokenGeneration: tokenOf(harness).split('.')[0] }),
		);
		expect(await harness.checkExists()).toBe(true);
	});

	it('puts a per-workflow secret in the target, different for each workflow, that static data does not hold', async () => {
		const first = await fixture.activeTrigger({ events: ['message:appUser'] });
		const second = await fixture.activeTrigger({ events: ['message:appUser'] });
		expect(tokenOf(first)).not.toEqual(tokenOf(second));
		const [, mac] = tokenOf(first).split('.');
		expect(mac.length).toBeGreaterThanOrEqual(43);
		expect(JSON.stringify(first.persistedStaticData())).not.toContain(mac);
	});

	it('rotates the secret when the workflow is published again', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		const before = tokenOf(harness);
		await harness.delete();
		await harness.activate();
		expect(webhooksOf(harness)).toHaveLength(1);
		expect(tokenOf(harness)).not.toEqual(before);
	});

	it('keeps a webhook registered with a random secret before secrets were derived', async () => {
		const api = apiClient(fixture.sandbox);
		const legacySecret = 'b6f1c9d2e3a4f5061728394a5b6c7d8e9f';
		const upgraded = await fixture.trigger({ events: ['message:appUser'] }, { staticData: { [TRIGGER_STATE_KEY]: { secret: legacySecret } } });
		const registered = await api('POST', '/webhooks', {
			target: `${upgraded.webhookUrl}?c360_token=${legacySecret}`,
			triggers: ['message:appUser', 'message:appMaker'],
		});
		expect(registered.status).toBe(201);

		expect(await upgraded.checkExists()).toBe(true);
		expect(tokenOf(upgraded)).toBe(legacySecret);
		const delivery = {
			trigger: 'message:appUser',
			app: { _id: fixture.sandbox.defaultOrg.orgId },
			appUser: { _id: 'legacy-user' },
			messages: [{ _id: 'legacy-message', role: 'appUser', type: 'text', text: 'Still there?', received: Date.now() / 1000 }],
		};
		expect(await upgraded.post(delivery, { query: { c360_token: legacySecret } })).toMatchObject({ status: 200, items: [expect.anything()] });
		expect(await upgraded.post(delivery, { query: { c360_token: `${legacySecret.slice(0, -1)}0` } })).toMatchObject({ status: 401 });
	});

	it('re-registers when the selected events change, leaving exactly one webhook', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		harness.setParameters({ events: ['message:appUser', 'notification:delivery:failure'] });

		expect(await harness.checkExists()).toBe(false);
		await harness.create();

		expect(fixture.sandbox.webhooks()).toHaveLength(1);
		expect([...fixture.sandbox.webhooks()[0].triggers].sort()).toEqual([
			'message:appMaker',
			'message:appUser',
			'notification:delivery:failure',
		]);
		expect(await harness.checkExists()).toBe(true);
	});

	it('never leaves a second webhook on re-activation, after a restart, or after static data was lost', async () => {
		const harness = await fixture.activeTrigger({ events: ['message:appUser'] });
		const [registered] = fixture.sandbox.webhooks();

		await harness.activate();
		expect(fixture.sandbox.webhooks()).toEqual([registered]);

		harness.restart();
		await harness.activate();
		expect(fixture.sandbox.webhooks()).toEqual([registered]);

		// A workflow imported without its static data has no secret: the old webhook goes, one new one comes.
		const fresh = await fixture.trigger({ events: ['message:appUser'] });
		await fresh.activate();
		await fresh.activate();
		expect(webhooksOf(fresh)).toHaveLength(1);
		expect(fixture.sandbox.webhooks()).toHaveLength(2);
	});

	it('removes only its own webhook on deactivation, leaving other workflows and other systems alone', async () => {
		const api = apiClient(fixture.sandbox);
		const foreign = await api('POST', '/webhooks', { target: 'https://crm.example.com/hooks/channel360', triggers: ['message:appUser'] });
		expect(foreign.status).toBe(201);
		const other = await fixture.activeTrigger({ events: ['message:appUser'] });
		const harness = await fixture.activeTrigger({ events: ['message:appUser', 'conversation:read'] });
		expect(fixture.sandbox.webhooks()).toHaveLength(3);

		expect(await harness.delete()).toBe(true);

		expect(webhooksOf(harness)).toEqual([]);
		expect(fixture.sandbox.webhooks().map((webhook) => webhook.target).sort()).toEqual(
			[webhooksOf(other)[0].target, 'https://crm.example.com/hooks/channel360'].sort(),
		);
		expect(harness.persistedStaticData()[TRIGGER_STATE_KEY]).not.toHaveProperty('webhookId');
	});

	it('works with test URLs as well, without touching the production registration', async () => {
		const production = await fixture.activeTrigger({ events: ['message:appUser'] });
		const test = await fixture.trigger({ events: ['message:appUser'] }, { mode: 'test' });
		expect(test.webhookUrl).toContain('/webhook-test/');
		expect(production.webhookUrl).toContain('/webhook/');

		await test.activate();
		expect(webhooksOf(test)).toHaveLength(1);
		await test.delete();

		expect(webhooksOf(test)).toEqual([]);
		expect(webhooksOf(production)).toHaveLength(1);
	});

	it('keeps the production secret when a test listener of the same workflow opens and closes', async () => {
		const production = await fixture.activeTrigger({ events: ['message:appUser'] });
		const saved = production.persistedStaticData();
		// The editor's "listen for test event" runs on the same workflow, with its static data.
		const test = await fixture.trigger({ events: ['message:appUser'] }, { mode: 'test', staticData: saved });
		await test.activate();
		expect(tokenOf(test)).not.toEqual(tokenOf(production));
		await test.delete();

		const productionGeneration = tokenOf(production).split('.')[0];
		expect(test.persistedStaticData()[TRIGGER_STATE_KEY]).toEqual(expect.objectContaining({ tokenGeneration: productionGeneration }));
	});
});
