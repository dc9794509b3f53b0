/** Template records: creation (from tests or the API) and the lookups notifications use. */
import { isObjectId, metaTemplateId, objectId } from './ids';
import type { SandboxStore } from './store';
import type { SandboxTemplate, TemplateInput } from './types';

export function createTemplateRecord(store: SandboxStore, orgId: string, input: TemplateInput, at: number): SandboxTemplate {
	const now = new Date(at).toISOString();
	const template: SandboxTemplate = {
		id: objectId(at),
		organization: orgId,
		name: input.name,
		description: input.description ?? 'auto-ingested',
		namespace: input.namespace ?? '',
		language: input.language,
		category: input.category ?? 'UTILITY',
		status: input.status ?? 'APPROVED',
		enabled: input.enabled ?? true,
		messageTemplateId: metaTemplateId(),
		components: input.components,
		tags: { head: [], body: [], buttons: [] },
		createdAt: now,
		updatedAt: now,
		version: 0,
	};
	store.templates.push(template);
	return template;
}

export function templatesOf(store: SandboxStore, orgId: string): SandboxTemplate[] {
	return store.templates.filter((template) => template.organization === orgId);
}

export function templateById(store: SandboxStore, orgId: string, id: string): SandboxTemplate | undefined {
	if (!isObjectId(id)) return undefined;
	return templatesOf(store, orgId).find((template) => template.id === id);
}

/**
 * The template a notification uses. Real: by name only, across orgs. Sandbox: within the org;
 * when the name exists in several languages the requested language decides, and when none of
 * them matches there is no valid template.
 */
export function templateForNotification(store: SandboxStore, orgId: string, name: string, language: string): SandboxTemplate | undefined {
	const sameName = templatesOf(store, orgId).filter((template) => template.name === name);
	if (sameName.length <= 1) return sameName[0];
	return sameName.find((template) => template.language === language);
}
