import { startSandbox, type Sandbox } from '../../sandbox';
import { apiClient, notificationBody } from './helpers';

describe('sandbox subscribers and opt-in', () => {
	let sandbox: Sandbox;
	let api: ReturnType<typeof apiClient>;
	let org: string;

	beforeAll(async () => {
		sandbox = await startSandbox();
		api = apiClient(sandbox);
		org = sandbox.defaultOrg.orgId;
	});
	afterEach(() => sandbox.reset());
	afterAll(() => sandbox.stop());

	it('creates with 201 { message, data }, prefixing + and forcing optInStatus true', async () => {
		const response = await api('POST', '/subscribers', { mobileNumber: '27821234567', firstName: 'Thandi', optInStatus: false });
		expect(response.status).toBe(201);
		expect(response.body).toEqual({
			message: 'Subscriber Created Successfully',
			data: expect.objectContaining({ id: expect.stringMatching(/^[0-9a-f]{24}$/), mobileNumber: '+27821234567', firstName: 'Thandi', optInStatus: true }),
		});
		const duplicate = await api('POST', '/subscribers', { mobileNumber: '+27821234567' });
		expect(duplicate.status).toBe(400);
		expect(duplicate.body.errors[0].message).toMatch(/^E11000 duplicate key error/);
		const missing = await api('POST', '/subscribers', { firstName: 'x' });
		expect(missing.body).toEqual({ errors: [{ message: "Cannot read properties of undefined (reading 'startsWith')" }] });
	});

	it('pages newest first and searches names and numbers case-insensitively', async () => {
		for (let i = 0; i < 12; i++) sandbox.addSubscriber(org, { mobileNumber: `+278200000${String(i).padStart(2, '0')}`, firstName: i === 3 ? 'Thandi' : `Person${i}` });
		const first = await api('GET', '/subscribers');
		expect(first.body).toMatchObject({ totalDocuments: 12, totalPages: 2 });
		expect(first.body.data).toHaveLength(10);
		expect(first.body.data[0].mobileNumber).toBe('+27820000011');
		const second = await api('GET', '/subscribers', undefined, { query: { page: '2', limit: '10' } });
		expect(second.body.data.map((s: { mobileNumber: string }) => s.mobileNumber)).toEqual(['+27820000001', '+27820000000']);
		expect((await api('GET', '/subscribers', undefined, { query: { limit: '0' } })).body.data).toHaveLength(10);

		const byName = await api('GET', '/subscribers', undefined, { query: { search: 'thANdi' } });
		expect(byName.body).toMatchObject({ totalDocuments: 1, data: [{ firstName: 'Thandi' }] });
		const byDigits = await api('GET', '/subscribers', undefined, { query: { search: '2782000001' } });
		expect(byDigits.body.totalDocuments).toBe(2);

		const plus = await api('GET', '/subscribers', undefined, { query: { search: '+27820' } });
		expect(plus.status).toBe(400);
		const negative = await api('GET', '/subscribers', undefined, { query: { page: '-1' } });
		expect(negative.body).toEqual({ errors: [{ message: 'Page and limit parameters must be greater than zero.' }] });
	});

	it('gets with groups, updates all four fields (clearing omitted ones), deletes with 204', async () => {
		const subscriber = sandbox.addSubscriber(org, { mobileNumber: '+27821234567', firstName: 'Thandi', lastName: 'Nkosi' });
		const got = await api('GET', `/subscribers/${subscriber.id}`);
		expect(got.body).toMatchObject({ id: subscriber.id, firstName: 'Thandi', optInStatus: true, groups: { data: [] } });

		const optOut = await api('PUT', `/subscribers/${subscriber.id}`, { mobileNumber: '+27821234567', firstName: 'Thandi', optInStatus: false });
		expect(optOut).toMatchObject({ status: 200, body: { message: 'Subscriber Updated Successfully', data: { optInStatus: false, firstName: 'Thandi' } } });
		expect(optOut.body.data.lastName).toBeUndefined();
		expect((await api('PUT', `/subscribers/${subscriber.id}`, { firstName: 'x' })).status).toBe(400);

		expect((await api('DELETE', `/subscribers/${subscriber.id}`)).status).toBe(204);
		expect(await api('GET', `/subscribers/${subscriber.id}`)).toMatchObject({ status: 400, body: { errors: [{ message: 'Subscriber not found' }] } });
		expect((await api('DELETE', `/subscribers/${subscriber.id}`)).status).toBe(400);
	});

	it('batch-deletes, 400 when none found', async () => {
		const a = sandbox.addSubscriber(org, { mobileNumber: '+27820000001' });
		const b = sandbox.addSubscriber(org, { mobileNumber: '+27820000002' });
		expect((await api('DELETE', '/subscribers', { subscriberIds: [a.id, b.id] })).status).toBe(204);
		expect(await api('DELETE', '/subscribers', { subscriberIds: [a.id] })).toMatchObject({ status: 400, body: { errors: [{ message: 'Subscriber(s) not found' }] } });
	});

	describe('inbound opt keywords, as the webhook service applies them', () => {
		const PHONE = '+27821234567';
		const optTexts = () => sandbox.sentMessages(org).filter((sent) => sent.origin === 'opt confirmation').map((sent) => sent.text);

		async function templateSent(): Promise<void> {
			sandbox.addTemplate(org, { name: 'order_update', language: 'en_US', components: [{ type: 'BODY', text: 'Your order is ready.' }] });
			const response = await api('POST', '/notification', notificationBody('order_update', PHONE));
			const id = response.body.notification._id;
			await sandbox.waitFor(() => sandbox.notifications(org).find((n) => n.id === id)?.status === 'DELIVERED');
		}

		it('opts out on STOP after a template, answering with the organisation\'s confirmation', async () => {
			const subscriber = sandbox.addSubscriber(org, { mobileNumber: PHONE });
			await templateSent();
			await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'STOP' });
			expect(subscriber.optInStatus).toBe(false);
			expect(optTexts()).toEqual(['You have successfully opted out of our marketing list.']);

			await sandbox.simulateInboundMessage(org, { phone: '27821234567', text: 'Opt In' });
			expect(subscriber.optInStatus).toBe(true);
			await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'unsub' });
			expect((await api('GET', `/subscribers/${subscriber.id}`)).body.optInStatus).toBe(false);
			expect(optTexts()).toEqual([
				'You have successfully opted out of our marketing list.',
				'You have successfully opted into our marketing list.',
				'You have successfully opted out of our marketing list.',
			]);
		});

		it('matches the whole text exactly: "please stop" and " stop " change nothing', async () => {
			const subscriber = sandbox.addSubscriber(org, { mobileNumber: PHONE });
			await templateSent();
			await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'please stop' });
			await sandbox.simulateInboundMessage(org, { phone: PHONE, text: ' stop ' });
			expect(subscriber.optInStatus).toBe(true);
			expect(optTexts()).toEqual([]);
		});

		it('does nothing in a conversation without a notification on record', async () => {
			const subscriber = sandbox.addSubscriber(org, { mobileNumber: PHONE });
			await sandbox.simulateInboundMessage(org, { phone: PHONE, text: 'STOP' });
			expect(subscriber.optInStatus).toBe(true);
			expect(optTexts()).toEqual([]);
		});
	});
});
