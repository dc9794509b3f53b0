/**
 * Template list filters. Channel360's list only filters by `enabled`; status, category and
 * language are applied here. Pure.
 */
import type { ListedTemplate } from './notificationRequest';

export interface TemplateFilters {
	status?: string;
	category?: string;
	language?: string;
}

const same = (wanted: string | undefined, actual: unknown): boolean =>
	!wanted || String(actual ?? '').toLowerCase() === wanted.trim().toLowerCase();

export function filterTemplates(templates: readonly ListedTemplate[], filters: TemplateFilters): ListedTemplate[] {
	return templates.filter(
		(template) =>
			same(filters.status, template.status) && same(filters.category, template.category) && same(filters.language, template.language),
	);
}
