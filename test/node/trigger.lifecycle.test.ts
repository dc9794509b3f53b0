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

	it('registers exactly one webhook on activation, with message:appMaker among its triggers', async () => {
		const harness = await fixture.trigger({ events: ['message:appUser'] });
		expect(await harness.checkExists()).toBe(false);
		await harness.activate();

		expect(fixture.sandbox.webhooks()).toHaveLength(1);
		const [webhook] = fixture.sandbox.webhooks();
		expect(webhooksOf(harness)).toEqual([webhook]);
		expect([...webhook.triggers].sort()).toEqual(['message:appMaker', 'message:appUser']);
		expect(harness.persistedStaticData()[TRIGGER_STATE_KEY]).toEqual(
			expect.objectContaining({ webhookId: webhook.id, secret: expect.any(String) }),
		);
		expect(await harness.checkExists()).toBe(true);
	});

	it('puts a per-workflow secret in the target, different for each workflow', async () => {
		const first = await fixture.activeTrigger({ events: ['message:appUser'] });
		const second = await fixture.activeTrigger({ events: ['message:appUser'] });
		const secretOf = (harness: TriggerHarness) => new URL(webhooksOf(harness)[0].target).searchParams.get('c360_token');
		expect(secretOf(first)).toEqual((first.persistedStaticData()[TRIGGER_STATE_KEY] as { secret: string }).secret);
		expect(secretOf(first)).not.toEqual(secretOf(second));
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
		expect(harness.persistedStaticData()[TRIGGER_STATE_KEY]).not.toHaveProperty('secret');
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

	it('keeps the production secret when a test listener of the same workflow closes', async () => {
		const production = await fixture.activeTrigger({ events: ['message:appUser'] });
		const saved = production.persistedStaticData();
		// The editor's "listen for test event" runs on the same workflow, with its static data.
		const test = await fixture.trigger({ events: ['message:appUser'] }, { mode: 'test', staticData: saved });
		await test.activate();
		await test.delete();

		const productionSecret = new URL(webhooksOf(production)[0].target).searchParams.get('c360_token');
		expect(test.persistedStaticData()[TRIGGER_STATE_KEY]).toEqual(expect.objectContaining({ secret: productionSecret }));
	});
});
