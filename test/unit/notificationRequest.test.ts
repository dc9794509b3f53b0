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
