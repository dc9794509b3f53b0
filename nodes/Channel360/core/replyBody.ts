/**
 * The body of a free-form message (POST /whatsapp/appuser/{appUserId}/reply) built from the
 * node's fields, with WhatsApp's limits checked before anything is sent. Pure.
 */
import { FieldError, optionalText, requireText } from './fieldError';

export type ReplyMessageType = 'text' | 'image' | 'video' | 'file' | 'buttons' | 'list';

export interface ReplyButton {
	id?: string;
	title?: string;
}

export interface ReplyListRow {
	section?: string;
	id?: string;
	title?: string;
	description?: string;
}

export interface ReplyFields {
	messageType: ReplyMessageType;
	text?: string;
	mediaUrl?: string;
	caption?: string;
	buttons?: ReplyButton[];
	listButtonText?: string;
	listRows?: ReplyListRow[];
	headerText?: string;
	footer?: string;
}

export interface ReplyBody {
	type: 'text' | 'image' | 'video' | 'file' | 'interactive';
	text?: string;
	mediaUrl?: string;
	interactive?: Record<string, unknown>;
}

const MAX_TEXT = 4096;
const MAX_BUTTONS = 3;
const MAX_ROWS = 10;

function mediaUrl(value: unknown): string {
	const url = requireText(value, 'Media URL');
	if (!/^https?:\/\/\S+$/i.test(url)) {
		throw new FieldError('Media URL', `Media URL "${url}" is not a web link`, 'Give a public http(s) link to the file.');
	}
	return url;
}

function uniqueIds(ids: string[], field: string): void {
	const seen = new Set<string>();
	for (const id of ids) {
		if (seen.has(id)) throw new FieldError(field, `${field}: the ID "${id}" is used twice`, 'Give every entry its own ID.');
		seen.add(id);
	}
}

function interactiveFrame(fields: ReplyFields): Record<string, unknown> {
	const frame: Record<string, unknown> = { body: { text: requireText(fields.text, 'Text', 1024) } };
	const header = optionalText(fields.headerText, 'Header Text', 60);
	const footer = optionalText(fields.footer, 'Footer', 60);
	if (header) frame.header = { type: 'text', text: header };
	if (footer) frame.footer = { text: footer };
	return frame;
}

function buttonsMessage(fields: ReplyFields): ReplyBody {
	const buttons = fields.buttons ?? [];
	if (buttons.length === 0 || buttons.length > MAX_BUTTONS) {
		throw new FieldError('Buttons', `Reply buttons need 1 to ${MAX_BUTTONS} buttons, got ${buttons.length}`, 'Add or remove buttons.');
	}
	const replies = buttons.map((button, index) => ({
		type: 'reply',
		reply: {
			id: requireText(button.id, `Button ${index + 1} ID`, 256),
			title: requireText(button.title, `Button ${index + 1} Title`, 20),
		},
	}));
	uniqueIds(replies.map((button) => button.reply.id), 'Buttons');
	return { type: 'interactive', interactive: { type: 'button', ...interactiveFrame(fields), action: { buttons: replies } } };
}

function listMessage(fields: ReplyFields): ReplyBody {
	const rows = fields.listRows ?? [];
	if (rows.length === 0 || rows.length > MAX_ROWS) {
		throw new FieldError('List Rows', `A list needs 1 to ${MAX_ROWS} rows, got ${rows.length}`, 'Add or remove rows.');
	}
	const sections = new Map<string, Array<Record<string, string>>>();
	rows.forEach((row, index) => {
		const entry: Record<string, string> = {
			id: requireText(row.id, `Row ${index + 1} ID`, 200),
			title: requireText(row.title, `Row ${index + 1} Title`, 24),
		};
		const description = optionalText(row.description, `Row ${index + 1} Description`, 72);
		if (description) entry.description = description;
		const section = optionalText(row.section, `Row ${index + 1} Section Title`, 24) ?? '';
		sections.set(section, [...(sections.get(section) ?? []), entry]);
	});
	uniqueIds(rows.map((row) => String(row.id).trim()), 'List Rows');
	if (sections.size > 1 && sections.has('')) {
		throw new FieldError('List Rows', 'Some rows have a section title and some do not', 'Give every row a section title, or none.');
	}
	return {
		type: 'interactive',
		interactive: {
			type: 'list',
			...interactiveFrame(fields),
			action: {
				button: requireText(fields.listButtonText, 'List Button Text', 20),
				sections: [...sections.entries()].map(([title, sectionRows]) => (title ? { title, rows: sectionRows } : { rows: sectionRows })),
			},
		},
	};
}

export function buildReplyBody(fields: ReplyFields): ReplyBody {
	switch (fields.messageType) {
		case 'text':
			return { type: 'text', text: requireText(fields.text, 'Text', MAX_TEXT) };
		case 'image':
		case 'video':
		case 'file': {
			const body: ReplyBody = { type: fields.messageType, mediaUrl: mediaUrl(fields.mediaUrl) };
			const caption = optionalText(fields.caption, 'Caption', MAX_TEXT);
			if (caption) body.text = caption;
			return body;
		}
		case 'buttons':
			return buttonsMessage(fields);
		case 'list':
			return listMessage(fields);
		default:
			throw new FieldError('Message Type', `Unknown message type "${String(fields.messageType)}"`, 'Pick a message type from the list.');
	}
}
