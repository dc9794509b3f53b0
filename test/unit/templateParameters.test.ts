import { buildTemplateComponents, extractTemplateVariables } from '../../nodes/Channel360/core/templateParameters';

const orderTemplate = {
	name: 'order_shipped',
	language: 'en_US',
	components: [
		{ type: 'HEADER', format: 'IMAGE' },
		{
			type: 'BODY',
			text: 'Hi {{1}}, order {{2}} ships on {{3}}.',
			example: { body_text: [['Thandi', 'A-1001', 'Friday']] },
		},
		{ type: 'FOOTER', text: 'Reply STOP to opt out' },
		{
			type: 'BUTTONS',
			buttons: [
				{ type: 'URL', text: 'Track', url: 'https://shop.example/track/{{1}}' },
				{ type: 'QUICK_REPLY', text: 'Thanks' },
				{ type: 'COPY_CODE', text: 'Copy code' },
			],
		},
	],
};

describe('extractTemplateVariables', () => {
	it('finds the media header, positional body variables in order, and button variables', () => {
		const variables = extractTemplateVariables(orderTemplate);
		expect(variables.map((variable) => variable.id)).toEqual([
			'header_media',
			'body_1',
			'body_2',
			'body_3',
			'button_0_1',
			'button_2_code',
		]);
		expect(variables.find((variable) => variable.id === 'header_media')?.kind).toBe('image');
		expect(variables.find((variable) => variable.id === 'body_2')?.example).toBe('A-1001');
		expect(variables.find((variable) => variable.id === 'body_2')?.label).toContain('order {{2}} ships');
	});

	it('orders positional variables numerically, not by appearance or as text', () => {
		const variables = extractTemplateVariables({ components: [{ type: 'BODY', text: '{{10}} {{2}} {{1}}' }] });
		expect(variables.map((variable) => variable.name)).toEqual(['1', '2', '10']);
	});

	it('marks named variables so they are sent with parameter_name', () => {
		const [variable] = extractTemplateVariables({ components: [{ type: 'BODY', text: 'Order {{order_id}}' }] });
		expect(variable).toMatchObject({ id: 'body_order_id', named: true });
	});

	it('finds nothing in a template without variables', () => {
		expect(extractTemplateVariables({ components: [{ type: 'BODY', text: 'Hello' }] })).toEqual([]);
	});
});

describe('buildTemplateComponents', () => {
	const variables = extractTemplateVariables(orderTemplate);

	it('builds the WhatsApp components from the values', () => {
		const built = buildTemplateComponents(variables, {
			header_media: 'https://cdn.example/box.jpg',
			body_1: 'Thandi',
			body_2: 'A-1001',
			body_3: 'Friday',
			button_0_1: 'A-1001',
			button_2_code: 'SAVE10',
		});
		expect(built.missing).toEqual([]);
		expect(built.components).toEqual([
			{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example/box.jpg' } }] },
			{
				type: 'body',
				parameters: [
					{ type: 'text', text: 'Thandi' },
					{ type: 'text', text: 'A-1001' },
					{ type: 'text', text: 'Friday' },
				],
			},
			{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'A-1001' }] },
			{ type: 'button', sub_type: 'copy_code', index: '2', parameters: [{ type: 'coupon_code', coupon_code: 'SAVE10' }] },
		]);
	});

	it('names every missing variable, blank values included', () => {
		const built = buildTemplateComponents(variables, { body_1: 'Thandi', body_2: '   ' });
		expect(built.missing.map((variable) => variable.id)).toEqual([
			'header_media',
			'body_2',
			'body_3',
			'button_0_1',
			'button_2_code',
		]);
	});

	it('reports values for fields the template does not have', () => {
		const built = buildTemplateComponents(
			extractTemplateVariables({ components: [{ type: 'BODY', text: 'Hi {{1}}' }] }),
			{ body_1: 'Sipho', body_2: 'extra' },
		);
		expect(built.unknown).toEqual(['body_2']);
	});

	it('sends named variables with their parameter name', () => {
		const named = extractTemplateVariables({ components: [{ type: 'BODY', text: 'Order {{order_id}}' }] });
		expect(buildTemplateComponents(named, { body_order_id: '42' }).components).toEqual([
			{ type: 'body', parameters: [{ type: 'text', parameter_name: 'order_id', text: '42' }] },
		]);
	});
});
