/**
 * Channel360's campaign tag validation (TemplateTagValidator): each failing tag adds a message and
 * all of them are joined with "," into one 400. Only campaigns use tags; notifications ignore them.
 */
import { isPlainObject } from './errors';

const REQUIRED_BY_TYPE: Record<string, { ok: (tag: Record<string, unknown>) => boolean; message: string }> = {
	'hard-coded': { ok: (tag) => tag.value !== undefined && tag.value !== '', message: 'hard-coded value required' },
	'subscriber-field': { ok: (tag) => Boolean(tag.fields), message: 'subscriber-field fields required' },
	csv: { ok: (tag) => Boolean(tag.fields), message: 'csv fields required' },
	'on-campaign-creation': { ok: (tag) => tag.value !== undefined || Boolean(tag.prompt), message: 'on-campaign-creation prompt required' },
	image: { ok: (tag) => Boolean(tag.url), message: 'image url required' },
	video: { ok: (tag) => Boolean(tag.url), message: 'video url required' },
	document: { ok: (tag) => isPlainObject(tag.document) && Boolean(tag.document.link), message: 'file url required' },
};

/** undefined when the tags are valid, else the joined message. */
export function tagValidationMessage(tags: unknown): string | undefined {
	if (!isPlainObject(tags)) return 'No valid tag types';
	const messages: string[] = [];
	for (const group of ['head', 'body', 'buttons']) {
		const list = tags[group];
		if (list === undefined) continue;
		if (!Array.isArray(list)) {
			messages.push('No valid tag types');
			continue;
		}
		for (const tag of list) {
			if (!isPlainObject(tag) || tag.type === undefined) {
				messages.push('tag type not provided for tag! All tags must specify a type.');
				continue;
			}
			const rule = REQUIRED_BY_TYPE[String(tag.type)];
			if (!rule) messages.push('Invalid tag type');
			else if (!rule.ok(tag)) messages.push(rule.message);
		}
	}
	return messages.length ? messages.join(',') : undefined;
}
