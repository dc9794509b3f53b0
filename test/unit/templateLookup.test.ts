import { templateIdByName } from '../../nodes/Channel360/core/templateLookup';

describe('finding a template ID by name', () => {
	const templates = [
		{ id: '64f1c0ffee0123456789ab01', name: 'order_shipped', language: 'en' },
		{ id: '64f1c0ffee0123456789ab02', name: 'welcome_back', language: 'en' },
		{ id: '64f1c0ffee0123456789ab03', name: 'welcome_back', language: 'af' },
	];

	it('finds the one template of that name', () => {
		expect(templateIdByName(templates, 'order_shipped')).toEqual({ ok: true, id: '64f1c0ffee0123456789ab01' });
	});

	it('names the languages when a name is used more than once, and says when there is none', () => {
		expect(templateIdByName(templates, 'welcome_back')).toMatchObject({ ok: false, problem: 'Channel360 has 2 templates named "welcome_back" (en, af)' });
		expect(templateIdByName(templates, 'Order_Shipped')).toMatchObject({ ok: false, problem: 'Channel360 has no template named "Order_Shipped"' });
	});
});
