import { expectPaired, jsonOf, useSandbox } from './nodeTestKit';

describe('Channel360 node: Subscriber', () => {
	const kit = useSandbox();
	const subscriber = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'subscriber', operation, ...extra });

	it('creates a subscriber (opted in) and finds them by phone', async () => {
		const created = await kit.run(subscriber('create', { phone: '+27 82 123 4567', subscriberFields: { firstName: 'Thandi' } }));
		expect(created.error).toBeUndefined();
		expect(created.outputs[0][0].json).toMatchObject({ mobileNumber: '+27821234567', firstName: 'Thandi', optInStatus: true });
		kit.sandbox.addSubscriber(kit.orgId, { mobileNumber: '+278212345670' });
		const found = await kit.run(subscriber('getByPhone', { phone: '+27821234567' }));
		expect(found.outputs[0][0].json).toMatchObject({ found: true, mobileNumber: '+27821234567', firstName: 'Thandi' });
		const missing = await kit.run(subscriber('getByPhone', { phone: '+27829999999' }));
		expect(missing.outputs[0][0].json).toEqual({ found: false, phone: '+27829999999' });
	});

	it('opts out and in again without losing the other fields (Channel360 clears what a PUT omits)', async () => {
		const { id } = kit.sandbox.addSubscriber(kit.orgId, { mobileNumber: '+27821234567', firstName: 'Thandi', lastName: 'Nkosi' });
		const out = await kit.run(subscriber('optOut', { subscriberId: id }));
		expect(out.outputs[0][0].json).toMatchObject({ id, optInStatus: false, firstName: 'Thandi', lastName: 'Nkosi', mobileNumber: '+27821234567' });
		await kit.run(subscriber('optIn', { subscriberId: id }));
		const got = await kit.run(subscriber('get', { subscriberId: id }));
		expect(got.outputs[0][0].json).toMatchObject({ optInStatus: true, firstName: 'Thandi', lastName: 'Nkosi' });
	});

	it('opts out by phone number, local or international, in place of the subscriber ID', async () => {
		const { id } = kit.sandbox.addSubscriber(kit.orgId, { mobileNumber: '+27821234567', firstName: 'Thandi' });
		const out = await kit.run(subscriber('optOut', { subscriberId: '082 123 4567' }));
		expect(out.error).toBeUndefined();
		expect(out.outputs[0][0].json).toMatchObject({ id, optInStatus: false, firstName: 'Thandi' });
		const unknown = await kit.run(subscriber('optIn', { subscriberId: '+27829999999' }));
		expect(unknown.error?.message).toBe('Channel360 has no subscriber with the phone number +27829999999');
	});

	it('lists subscribers over several pages, optionally only those opted in', async () => {
		for (let n = 0; n < 130; n++) kit.sandbox.addSubscriber(kit.orgId, { mobileNumber: `+2782${1000000 + n}`, optInStatus: n % 3 !== 0 });
		const all = await kit.run(subscriber('getAll', { returnAll: true }));
		expect(all.outputs[0]).toHaveLength(130);
		const optedIn = await kit.run(subscriber('getAll', { returnAll: true, subscriberFilters: { optedInOnly: true } }));
		expect(optedIn.outputs[0]).toHaveLength(86);
		expect(jsonOf(optedIn.outputs[0]).every((json) => json.optInStatus === true)).toBe(true);
		const limited = await kit.run(subscriber('getAll', { returnAll: false, limit: 5 }));
		expect(limited.outputs[0]).toHaveLength(5);
		expectPaired(limited.outputs, [[0, 0, 0, 0, 0]]);
	});

	it('deletes a subscriber, and reports an unknown id per item with Continue On Fail', async () => {
		const { id } = kit.sandbox.addSubscriber(kit.orgId, { mobileNumber: '+27821234567' });
		const { outputs } = await kit.run(subscriber('delete', { subscriberId: '={{ $json.id }}' }), [{ id }, { id }], true);
		expect(outputs[0][0].json).toEqual({ deleted: true, subscriberId: id });
		expect(outputs[0][1].json).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/Subscriber not found/) });
		expectPaired(outputs, [[0, 1]]);
	});
});
