import { FieldError } from '../../nodes/Channel360/core/fieldError';
import { buildReplyBody } from '../../nodes/Channel360/core/replyBody';

const fieldOf = (fn: () => unknown): string => {
	try {
		fn();
	} catch (error) {
		if (error instanceof FieldError) return `${error.field}: ${error.message}`;
		throw error;
	}
	throw new Error('expected a FieldError');
};

describe('buildReplyBody', () => {
	it('sends text as it is, trimmed', () => {
		expect(buildReplyBody({ messageType: 'text', text: '  Your order is ready ' })).toEqual({ type: 'text', text: 'Your order is ready' });
	});

	it('refuses empty or over-long text, naming the field', () => {
		expect(fieldOf(() => buildReplyBody({ messageType: 'text', text: ' ' }))).toBe('Text: Text is empty');
		expect(fieldOf(() => buildReplyBody({ messageType: 'text', text: 'x'.repeat(4097) }))).toMatch(/^Text: .*4097.*at most 4096/);
	});

	it('sends media by URL with an optional caption, and refuses what is not a link', () => {
		expect(buildReplyBody({ messageType: 'video', mediaUrl: 'https://cdn.example.co.za/a.mp4', caption: '' })).toEqual({
			type: 'video',
			mediaUrl: 'https://cdn.example.co.za/a.mp4',
		});
		expect(buildReplyBody({ messageType: 'file', mediaUrl: 'https://cdn.example.co.za/a.pdf', caption: 'Invoice' })).toEqual({
			type: 'file',
			mediaUrl: 'https://cdn.example.co.za/a.pdf',
			text: 'Invoice',
		});
		expect(fieldOf(() => buildReplyBody({ messageType: 'image', mediaUrl: 'file:///etc/passwd' }))).toMatch(/^Media URL: .*not a web link/);
	});

	it('builds reply buttons in the WhatsApp interactive shape with header and footer', () => {
		expect(
			buildReplyBody({
				messageType: 'buttons',
				text: 'Confirm?',
				buttons: [{ id: 'yes', title: 'Yes' }],
				headerText: 'Delivery',
				footer: 'Acme',
			}),
		).toEqual({
			type: 'interactive',
			interactive: {
				type: 'button',
				header: { type: 'text', text: 'Delivery' },
				body: { text: 'Confirm?' },
				footer: { text: 'Acme' },
				action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] },
			},
		});
	});

	it('refuses more than three buttons, duplicate ids and over-long titles', () => {
		const button = (id: string) => ({ id, title: id });
		expect(fieldOf(() => buildReplyBody({ messageType: 'buttons', text: 'x', buttons: ['a', 'b', 'c', 'd'].map(button) }))).toMatch(
			/^Buttons: .*1 to 3 buttons, got 4/,
		);
		expect(fieldOf(() => buildReplyBody({ messageType: 'buttons', text: 'x', buttons: [button('a'), button('a')] }))).toMatch(/"a" is used twice/);
		expect(fieldOf(() => buildReplyBody({ messageType: 'buttons', text: 'x', buttons: [{ id: 'a', title: 'x'.repeat(21) }] }))).toMatch(
			/^Button 1 Title: .*at most 20/,
		);
	});

	it('groups list rows by section title, keeping their order', () => {
		const body = buildReplyBody({
			messageType: 'list',
			text: 'Pick a branch',
			listButtonText: 'Branches',
			listRows: [
				{ section: 'Gauteng', id: 'jhb', title: 'Sandton' },
				{ section: 'Western Cape', id: 'cpt', title: 'Waterfront', description: 'V&A' },
				{ section: 'Gauteng', id: 'pta', title: 'Menlyn' },
			],
		});
		expect(body.interactive?.action).toEqual({
			button: 'Branches',
			sections: [
				{ title: 'Gauteng', rows: [{ id: 'jhb', title: 'Sandton' }, { id: 'pta', title: 'Menlyn' }] },
				{ title: 'Western Cape', rows: [{ id: 'cpt', title: 'Waterfront', description: 'V&A' }] },
			],
		});
	});

	it('makes one untitled section when no row has a section, and refuses a mix', () => {
		const rows = [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }];
		expect(buildReplyBody({ messageType: 'list', text: 'x', listButtonText: 'Go', listRows: rows }).interactive?.action).toEqual({
			button: 'Go',
			sections: [{ rows }],
		});
		expect(
			fieldOf(() => buildReplyBody({ messageType: 'list', text: 'x', listButtonText: 'Go', listRows: [...rows, { section: 'S', id: 'c', title: 'C' }] })),
		).toMatch(/^List Rows: Some rows have a section title/);
	});
});
