/**
 * Templates (endpoints 7-13). Status changes (PENDING → APPROVED) come from Meta via refresh in
 * the real platform; in the sandbox a test sets them with setTemplateStatus, and refresh is a
 * no-op that answers like the real one.
 */
import { ApiError, castError, isNonEmptyString, isPlainObject, Validation } from '../errors';
import { isObjectId } from '../ids';
import { tagValidationMessage } from '../templateTags';
import { createTemplateRecord, templateById, templatesOf } from '../templates';
import type { SandboxTemplate } from '../types';
import { bodyFields, type ApiRouter, type ApiRequest } from './handler';

const CATEGORIES = ['MARKETING', 'AUTHENTICATION', 'UTILITY'];
const NAME_FORMAT = /^[a-z0-9_](?!.*?[^a-z0-9_]).*?[a-z0-9]$/;

function validateCreate(fields: Record<string, unknown>): void {
	const validation = new Validation();
	if (validation.check(isNonEmptyString(fields.name), 'name', 'name must be provided')) {
		validation.check(
			NAME_FORMAT.test(fields.name as string),
			'name',
			'Name Format is Incorrect: The message template name can only have lowercase letters and underscores.',
		);
	}
	validation.check(isNonEmptyString(fields.description), 'description', 'description must be provided');
	validation.check(fields.enabled !== undefined && fields.enabled !== null && fields.enabled !== '', 'enabled', 'enabled must be provided');
	validation.check(isNonEmptyString(fields.namespace), 'namespace', 'namespace must be provided');
	validation.check(isNonEmptyString(fields.language), 'language', 'language must be provided');
	if (validation.check(isNonEmptyString(fields.category), 'category', 'category must be provided')) {
		validation.check(
			CATEGORIES.includes(fields.category as string),
			'category',
			'Please select a valid category [MARKETING, AUTHENTICATION, UTILITY]',
		);
	}
	validation.check(Array.isArray(fields.components) && fields.components.length > 0, 'components', 'components must be provided');
	validation.throwIfFailed();
	if (fields.tags !== undefined) {
		const message = tagValidationMessage(fields.tags);
		if (message) throw ApiError.badRequest(message);
	}
}

function existingTemplate(request: ApiRequest, ctxTemplates: SandboxTemplate[]): SandboxTemplate {
	const id = request.params.templateId;
	if (!isObjectId(id)) throw castError(id, 'Template');
	const template = ctxTemplates.find((candidate) => candidate.id === id);
	if (!template) throw ApiError.notFound();
	return template;
}

export function registerTemplateRoutes(router: ApiRouter): void {
	// Registered before /templates/:templateName, which would otherwise swallow "list".
	router.add('GET', '/templates/list', (ctx, { org, query }) => {
		let templates = templatesOf(ctx.store, org.orgId);
		const enabled = query.get('enabled');
		if (enabled !== null) templates = templates.filter((template) => template.enabled === (enabled === 'true'));
		const filter = query.get('filter');
		if (filter !== null) {
			if (filter !== 'configured') {
				throw ApiError.badRequest(
					'Invalid filter parameter provided. Accepted values are configured, unconfigured, imageNotValid, imageValid, etc.',
				);
			}
			// The real "configured" also compares tag counts with placeholders; approval is what matters here.
			templates = templates.filter((template) => template.status === 'APPROVED');
		}
		return { status: 200, body: templates };
	});

	router.add('GET', '/templates/:templateName', (ctx, { org, params }) => {
		const template = templatesOf(ctx.store, org.orgId).find((candidate) => candidate.name === params.templateName);
		if (!template) throw ApiError.notFound();
		return { status: 200, body: template };
	});

	router.add('POST', '/whatsapp/templates', (ctx, { org, body }) => {
		const fields = bodyFields(body);
		validateCreate(fields);
		const name = fields.name as string;
		const language = fields.language as string;
		const duplicate = templatesOf(ctx.store, org.orgId).some((t) => t.name === name && t.language === language);
		// Meta's refusal, relayed by SmoochAPI as a 400 with Smooch's description (our wording).
		if (duplicate) throw ApiError.badRequest(`Message template "${name}" already exists in language ${language}`);
		const created = createTemplateRecord(
			ctx.store,
			org.orgId,
			{
				name,
				language,
				category: fields.category as string,
				components: fields.components as unknown[],
				description: fields.description as string,
				namespace: fields.namespace as string,
				enabled: fields.enabled === true || fields.enabled === 'true',
				status: 'PENDING',
			},
			ctx.clock.now(),
		);
		if (isPlainObject(fields.tags)) Object.assign(created.tags, fields.tags);
		return { status: 201, body: { message: `Template ${name} has been created successfully` } };
	});

	router.add('POST', '/whatsapp/templates/refresh', () => ({ status: 202, body: { message: 'Templates have synced' } }));

	// Only these four keys are applied; anything else (components, status, ...) is ignored.
	router.add('PUT', '/templates/:templateId', (ctx, request) => {
		const template = existingTemplate(request, templatesOf(ctx.store, request.org.orgId));
		const fields = bodyFields(request.body);
		if (fields.description !== undefined) template.description = String(fields.description);
		if (fields.namespace !== undefined) template.namespace = String(fields.namespace);
		if (fields.enabled !== undefined) template.enabled = fields.enabled === true || fields.enabled === 'true';
		if (isPlainObject(fields.tags)) template.tags = fields.tags as SandboxTemplate['tags'];
		template.updatedAt = new Date(ctx.clock.now()).toISOString();
		template.version += 1;
		return { status: 200, body: template };
	});

	router.add('PUT', '/templates', (ctx, { org, body }) => {
		const { templateIds, enabled } = bodyFields(body);
		const validation = new Validation();
		validation.check(Array.isArray(templateIds) && templateIds.length > 0, 'templateIds', 'templateIds must be provided');
		validation.check(typeof enabled === 'boolean', 'enabled', 'enabled must be a boolean');
		validation.throwIfFailed();
		for (const id of templateIds as unknown[]) {
			const template = templateById(ctx.store, org.orgId, String(id));
			if (template) {
				template.enabled = enabled as boolean;
				template.updatedAt = new Date(ctx.clock.now()).toISOString();
				template.version += 1;
			}
		}
		return { status: 201, body: { message: 'Successfully updated templates' } };
	});

	router.add('DELETE', '/templates/:templateId', (ctx, request) => {
		const template = existingTemplate(request, templatesOf(ctx.store, request.org.orgId));
		ctx.store.templates = ctx.store.templates.filter((candidate) => candidate !== template);
		return { status: 202 };
	});
}
