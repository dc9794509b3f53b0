import { expectPaired, jsonOf, ORDER_SHIPPED, useSandbox, WELCOME_BACK } from './nodeTestKit';

describe('Channel360 node: Template', () => {
	const kit = useSandbox();
	const template = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'template', operation, ...extra });

	beforeEach(() => {
		kit.sandbox.addTemplate(kit.orgId, ORDER_SHIPPED);
		kit.sandbox.addTemplate(kit.orgId, WELCOME_BACK);
		kit.sandbox.addTemplate(kit.orgId, { ...WELCOME_BACK, language: 'af', status: 'REJECTED' });
	});

	it('lists templates filtered by status, category and language', async () => {
		const { outputs } = await kit.run(template('getAll', { returnAll: true, templateFilters: { status: 'APPROVED', category: 'MARKETING' } }));
		expect(jsonOf(outputs[0]).map((json) => `${json.name}|${json.language}`)).toEqual(['welcome_back|en']);
		const byLanguage = await kit.run(template('getAll', { returnAll: true, templateFilters: { language: 'af' } }));
		expect(jsonOf(byLanguage.outputs[0])).toEqual([expect.objectContaining({ name: 'welcome_back', status: 'REJECTED' })]);
	});

	it('honours the limit', async () => {
		const { outputs } = await kit.run(template('getAll', { returnAll: false, limit: 2 }));
		expect(outputs[0]).toHaveLength(2);
		expectPaired(outputs, [[0, 0]]);
	});

	it('gets one by name, and says clearly when there is none', async () => {
		const { outputs } = await kit.run(template('get', { templateName: 'order_shipped' }));
		expect(outputs[0][0].json).toMatchObject({ name: 'order_shipped', status: 'APPROVED' });
		const missing = await kit.run(template('get', { templateName: 'nope' }));
		expect(missing.error?.message).toMatch(/could not find the template "nope"/);
	});

	it('creates a template (PENDING until Meta approves it), checking the name first', async () => {
		const components = [{ type: 'BODY', text: 'Hi {{1}}', example: { body_text: [['Thandi']] } }];
		const { outputs, error } = await kit.run(
			template('create', { name: 'appointment_reminder', language: 'en', category: 'UTILITY', components: JSON.stringify(components) }),
		);
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ created: true, name: 'appointment_reminder', status: 'PENDING' });
		const stored = await kit.run(template('get', { templateName: 'appointment_reminder' }));
		expect(stored.outputs[0][0].json).toMatchObject({ status: 'PENDING', namespace: 'default', components });

		const bad = await kit.run(template('create', { name: 'Bad Name_', language: 'en', category: 'UTILITY', components: JSON.stringify(components) }));
		expect(bad.error?.message).toMatch(/Name "Bad Name_" is not a valid template name/);
	});

	it('updates the switchable fields and deletes by id', async () => {
		const id = kit.sandbox.addTemplate(kit.orgId, { ...WELCOME_BACK, name: 'to_change' }).id;
		const updated = await kit.run(template('update', { templateId: id, updateFields: { enabled: false, description: 'Winter promo' } }));
		expect(updated.outputs[0][0].json).toMatchObject({ id, enabled: false, description: 'Winter promo' });
		const deleted = await kit.run(template('delete', { templateId: id }));
		expect(deleted.outputs[0][0].json).toEqual({ deleted: true, templateId: id });
		const gone = await kit.run(template('get', { templateName: 'to_change' }));
		expect(gone.error).toBeDefined();
	});

	it('updates and deletes by name, and asks for the ID when a name is used for several languages', async () => {
		const id = kit.sandbox.addTemplate(kit.orgId, { ...WELCOME_BACK, name: 'winter_promo' }).id;
		const updated = await kit.run(template('update', { templateId: 'winter_promo', updateFields: { enabled: false } }));
		expect(updated.outputs[0][0].json).toMatchObject({ id, enabled: false });
		const deleted = await kit.run(template('delete', { templateId: 'winter_promo' }));
		expect(deleted.outputs[0][0].json).toEqual({ deleted: true, templateId: id });

		// welcome_back exists in English and Afrikaans: which one is meant cannot be guessed.
		const ambiguous = await kit.run(template('delete', { templateId: 'welcome_back' }));
		expect(ambiguous.error?.message).toBe('Channel360 has 2 templates named "welcome_back" (en, af)');
		expect((ambiguous.error as { description?: string }).description).toMatch(/Give the ID of the one you mean/);
		const unknown = await kit.run(template('delete', { templateId: 'no_such_template' }));
		expect(unknown.error?.message).toBe('Channel360 has no template named "no_such_template"');
		expect(kit.sandbox.requests().filter((request) => request.method === 'DELETE')).toHaveLength(1);
	});

	it('asks Channel360 to refresh templates from Meta', async () => {
		const { outputs } = await kit.run(template('refresh'));
		expect(outputs[0][0].json).toMatchObject({ refreshStarted: true });
		expect(kit.sandbox.requests().some((request) => request.method === 'POST' && request.path.endsWith('/whatsapp/templates/refresh'))).toBe(true);
	});
});
