import { FieldError } from '../../nodes/Channel360/core/fieldError';
import {
	approvedTemplateOptions,
	componentsFromJson,
	componentsFromValues,
	decodeTemplateChoice,
	encodeTemplateChoice,
	sendableTemplate,
	type ListedTemplate,
} from '../../nodes/Channel360/core/notificationRequest';
import { filterTemplates } from '../../nodes/Channel360/core/templateFilters';

const invoice: ListedTemplate = {
	name: 'invoice_ready',
	language: 'en_US',
	status: 'APPROVED',
	category: 'UTILITY',
	components: [
		{ type: 'HEADER', format: 'DOCUMENT' },
		{ type: 'BODY', text: 'Hi {{1}}, invoice {{2}} is attached.' },
	],
};
const promo: ListedTemplate = { name: 'promo', language: 'af', status: 'PENDING', category: 'MARKETING', components: [] };

const errorOf = (fn: () => unknown): FieldError => {
	try {
		fn();
	} catch (error) {
		if (error instanceof FieldError) return error;
		throw error;
	}
	throw new Error('expected a FieldError');
};

describe('template notification request', () => {
	it('round-trips the picker value, and explains a value without a language', () => {
		expect(decodeTemplateChoice(encodeTemplateChoice({ name: 'invoice_ready', language: 'en_US' }))).toEqual({ name: 'invoice_ready', language: 'en_US' });
		expect(errorOf(() => decodeTemplateChoice('invoice_ready')).message).toMatch(/does not say which language/);
	});

	it('lists approved templates only for the picker', () => {
		expect(approvedTemplateOptions([promo, invoice])).toEqual([
			{ name: 'invoice_ready (en_US)', value: 'invoice_ready|en_US', description: 'UTILITY, 3 variables' },
		]);
	});

	it('refuses a template that is missing or not approved', () => {
		expect(errorOf(() => sendableTemplate([invoice], { name: 'invoice_ready', language: 'af' })).message).toMatch(/no template "invoice_ready" in language af/);
		expect(errorOf(() => sendableTemplate([promo], { name: 'promo', language: 'af' })).message).toMatch(/is PENDING, not APPROVED/);
	});

	it('names every missing variable, including the header document', () => {
		const error = errorOf(() => componentsFromValues(invoice, { body_1: 'Thandi' }));
		expect(error.field).toBe('Template Variables');
		expect(error.message).toBe('Template "invoice_ready" needs a value for "Header document URL" (header_media), "Body {{2}}: …invoice {{2}} is…" (body_2)');
	});

	it('adds the document file name to a document header', () => {
		expect(componentsFromValues(invoice, { header_media: 'https://x.example/i.pdf', body_1: 'A', body_2: '7' }, 'invoice-7.pdf')[0]).toEqual({
			type: 'header',
			parameters: [{ type: 'document', document: { link: 'https://x.example/i.pdf', filename: 'invoice-7.pdf' } }],
		});
	});

	it('refuses values for variables the template no longer has', () => {
		expect(errorOf(() => componentsFromValues(invoice, { header_media: 'https://x', body_1: 'A', body_2: 'B', body_3: 'C' })).message).toMatch(
			/has no variable "body_3"/,
		);
	});

	it('checks raw components: parameter counts and the header media', () => {
		const good = [
			{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://x' } }] },
			{ type: 'body', parameters: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] },
		];
		expect(componentsFromJson(invoice, JSON.stringify(good))).toEqual(good);
		const message = errorOf(() => componentsFromJson(invoice, [good[1]])).message;
		expect(message).toMatch(/header needs a document parameter/);
		expect(errorOf(() => componentsFromJson(invoice, [good[0], { type: 'body', parameters: [] }])).message).toMatch(/body needs 2 parameters .* got 0/);
		expect(errorOf(() => componentsFromJson(invoice, '{oops')).message).toMatch(/not valid JSON/);
	});

	it('filters template lists by status, category and language, case-insensitively', () => {
		expect(filterTemplates([invoice, promo], { status: 'approved' })).toEqual([invoice]);
		expect(filterTemplates([invoice, promo], { category: 'MARKETING', language: 'af' })).toEqual([promo]);
		expect(filterTemplates([invoice, promo], {})).toEqual([invoice, promo]);
	});
});

describe("template variable values against WhatsApp's rules, before sending", () => {
	const shipped: ListedTemplate = {
		name: 'order_shipped',
		language: 'en_US',
		status: 'APPROVED',
		components: [
			{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
			{ type: 'BODY', text: 'Hi {{first_name}}, your order has shipped.' },
			{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://track.example.co.za/{{1}}' }, { type: 'COPY_CODE', text: 'Code' }] },
		],
	};
	const good = { header_1: '4411', body_first_name: 'Thandi', button_0_1: 'abc', button_1_code: 'SAVE10' };
	const asJson = (values: typeof good) =>
		JSON.stringify([
			{ type: 'header', parameters: [{ type: 'text', text: values.header_1 }] },
			{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: values.body_first_name }] },
			{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: values.button_0_1 }] },
			{ type: 'button', sub_type: 'copy_code', index: '1', parameters: [{ type: 'coupon_code', coupon_code: values.button_1_code }] },
		]);
	const bothModes = (values: typeof good): string[] => [
		errorOf(() => componentsFromValues(shipped, values)).message,
		errorOf(() => componentsFromJson(shipped, asJson(values))).message,
	];

	it('accepts good values in fields mode and JSON mode', () => {
		expect(componentsFromValues(shipped, good)).toHaveLength(4);
		expect(componentsFromJson(shipped, asJson(good))).toHaveLength(4);
	});

	it.each([
		['a line break', { ...good, body_first_name: 'Thandi\nDlamini' }, /body_first_name\) contains a line break/],
		['a tab', { ...good, header_1: '44\t11' }, /header_1\) contains a tab/],
		['more than 4 spaces in a row', { ...good, body_first_name: 'Thandi     D' }, /body_first_name\) has more than 4 spaces in a row/],
		['a coupon code over 15 characters', { ...good, button_1_code: 'SAVE10-ON-EVERYTHING' }, /button_1_code\) is 20 characters long; a coupon code may have at most 15/],
		['a header over 60 characters once filled in', { ...good, header_1: 'x'.repeat(60) }, /the header would be 66 characters long with .*header_1.*at most 60/],
		['a body over 1,024 characters once filled in', { ...good, body_first_name: 'x'.repeat(2000) }, /the body would be 2028 characters long with .*body_first_name.*at most 1024/],
		['a button URL over 2,000 characters', { ...good, button_0_1: 'x'.repeat(2000) }, /URL of button 1 would be 2028 characters long/],
	])('refuses %s in both modes, naming the variable', (_case, values, expected) => {
		for (const message of bothModes(values)) expect(message).toMatch(expected);
	});

	it('refuses an empty JSON value, naming the variable', () => {
		expect(errorOf(() => componentsFromJson(shipped, asJson({ ...good, body_first_name: '  ' }))).message).toMatch(/body_first_name\) is empty/);
	});
});
