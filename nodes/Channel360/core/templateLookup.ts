/**
 * Template → Update and Delete take a template ID or a name: Channel360's endpoints want the ID,
 * but users know their templates by name. Pure: the caller passes the listed templates.
 */
import type { ListedTemplate } from './notificationRequest';

export type TemplateIdLookup = { ok: true; id: string } | { ok: false; problem: string; fix: string };

/** The ID of the one listed template called `name`, or why there is none to pick. */
export function templateIdByName(templates: readonly ListedTemplate[], name: string): TemplateIdLookup {
	const named = templates.filter((template) => template.name === name);
	const ids = named.map((template) => template.id).filter((id): id is string => typeof id === 'string' && id !== '');
	if (ids.length === 1) return { ok: true, id: ids[0] };
	if (ids.length === 0) {
		return {
			ok: false,
			problem: `Channel360 has no template named "${name}"`,
			fix: 'Check the name (Template → Get Many lists them), or give the template ID.',
		};
	}
	const languages = named.map((template) => template.language ?? 'unknown language').join(', ');
	return {
		ok: false,
		problem: `Channel360 has ${ids.length} templates named "${name}" (${languages})`,
		fix: 'Give the ID of the one you mean (the "id" field of Template → Get Many).',
	};
}
