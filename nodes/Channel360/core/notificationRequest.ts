/**
 * A template notification (POST /notification) built and checked before sending: which
 * template the user picked, its variables filled from fields or given as raw components, and
 * the exact body. Anything missing is a FieldError naming it, and nothing is sent. Pure.
 */
import { FieldError, parseJsonField } from './fieldError';
import {
	buildTemplateComponents,
	extractTemplateVariables,
	type SendComponent,
	type TemplateDefinition,
	type TemplateVariable,
} from './templateParameters';
import { templateValueProblems } from './templateValueRules';

export interface TemplateChoice {
	name: string;
	language: string;
}

export interface ListedTemplate extends TemplateDefinition {
	id?: string;
	category?: string;
	enabled?: boolean;
}

export interface NotificationBody {
	destination: string;
	message: {
		type: 'template';
		template: {
			name: string;
			language: { policy: 'deterministic'; code: string };
			components: unknown[];
		};
	};
}

const SEPARATOR = '|';

/** The picker's value: name and language in one string, e.g. `order_shipped|en_US`. */
export function encodeTemplateChoice(choice: TemplateChoice): string {
	return `${choice.name}${SEPARATOR}${choice.language}`;
}

export function decodeTemplateChoice(value: unknown, field = 'Template'): TemplateChoice {
	const text = typeof value === 'string' ? value.trim() : '';
	const at = text.lastIndexOf(SEPARATOR);
	const name = at > 0 ? text.slice(0, at).trim() : '';
	const language = at > 0 ? text.slice(at + 1).trim() : '';
	if (!name || !language) {
		throw new FieldError(
			field,
			text ? `${field} "${text}" does not say which language` : `No ${field.toLowerCase()} chosen`,
			'Pick a template from the list, or give "name|language", e.g. order_shipped|en_US.',
		);
	}
	return { name, language };
}

/** GET /templates/list answers a bare array; tolerate an object wrapping one. */
export function templatesOfList(body: unknown): ListedTemplate[] {
	const list = Array.isArray(body)
		? body
		: Object.values((body ?? {}) as Record<string, unknown>).find((value) => Array.isArray(value)) ?? [];
	return (list as unknown[]).filter((entry) => typeof entry === 'object' && entry !== null) as ListedTemplate[];
}

export const isApproved = (template: ListedTemplate): boolean => String(template.status ?? '').toUpperCase() === 'APPROVED';

export interface TemplateOption {
	name: string;
	value: string;
	description: string;
}

/** The picker's entries: approved templates only, one per name and language. */
export function approvedTemplateOptions(templates: readonly ListedTemplate[]): TemplateOption[] {
	return templates
		.filter((template) => isApproved(template) && template.name && template.language)
		.map((template) => {
			const variables = extractTemplateVariables(template);
			return {
				name: `${template.name} (${template.language})`,
				value: encodeTemplateChoice({ name: template.name as string, language: template.language as string }),
				description: `${template.category ?? 'Template'}, ${variables.length} variable${variables.length === 1 ? '' : 's'}${template.enabled === false ? ', disabled in Channel360' : ''}`,
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

export function findTemplate(templates: readonly ListedTemplate[], choice: TemplateChoice): ListedTemplate | undefined {
	return templates.find((template) => template.name === choice.name && template.language === choice.language);
}

/** The template to send, or a FieldError saying why it cannot be sent. */
export function sendableTemplate(templates: readonly ListedTemplate[], choice: TemplateChoice): ListedTemplate {
	const template = findTemplate(templates, choice);
	if (!template) {
		throw new FieldError(
			'Template',
			`Channel360 has no template "${choice.name}" in language ${choice.language}`,
			'Pick a template from the list; if it was created recently, run Template → Refresh From Meta first.',
		);
	}
	if (!isApproved(template)) {
		throw new FieldError(
			'Template',
			`Template "${choice.name}" (${choice.language}) is ${template.status ?? 'not approved'}, not APPROVED`,
			'WhatsApp only delivers approved templates. Wait for approval and run Template → Refresh From Meta, or pick another template.',
		);
	}
	return template;
}

function labels(variables: readonly TemplateVariable[]): string {
	return variables.map((variable) => `"${variable.label}" (${variable.id})`).join(', ');
}

/** Components from one value per variable id (the resource mapper's fields). */
export function componentsFromValues(
	template: ListedTemplate,
	values: Readonly<Record<string, unknown>>,
	documentFilename?: string,
): SendComponent[] {
	const variables = extractTemplateVariables(template);
	const built = buildTemplateComponents(variables, values);
	if (built.missing.length > 0) {
		throw new FieldError(
			'Template Variables',
			`Template "${template.name}" needs a value for ${labels(built.missing)}`,
			'Fill in every template variable; header media needs a public link to the file.',
		);
	}
	if (built.unknown.length > 0) {
		throw new FieldError(
			'Template Variables',
			`Template "${template.name}" has no variable ${built.unknown.map((id) => `"${id}"`).join(', ')}`,
			'The template changed since the fields were loaded: reload the variables (refresh the field list) and map them again.',
		);
	}
	const given = new Map(
		variables.filter((variable) => !built.missing.includes(variable)).map((variable) => [variable.id, String(values[variable.id]).trim()]),
	);
	throwIfValuesBreakRules(template, variables, given, 'Template Variables');
	if (documentFilename) {
		for (const parameter of built.components.flatMap((component) => component.parameters)) {
			if (parameter.document) parameter.document.filename = documentFilename;
		}
	}
	return built.components;
}

function throwIfValuesBreakRules(
	template: ListedTemplate,
	variables: readonly TemplateVariable[],
	values: ReadonlyMap<string, string>,
	field: string,
): void {
	const problems = templateValueProblems(template, variables, values);
	if (problems.length > 0) {
		throw new FieldError(
			field,
			`Template "${template.name}" cannot be sent with these values: ${problems.join('; ')}`,
			'WhatsApp rejects a variable that is empty, has a line break or a tab, or more than 4 spaces in a row, and a header over 60, a body over 1,024 or a button URL over 2,000 characters. Clean the value in an expression, e.g. {{ $json.note.replace(/\\s+/g, " ").trim() }}.',
		);
	}
}

/** The text each variable gets from raw JSON components (positional by order, named by parameter_name). */
function valuesOfJsonComponents(variables: readonly TemplateVariable[], given: readonly RawComponent[]): Map<string, string> {
	const values = new Map<string, string>();
	const textOf = (parameter: Record<string, unknown> | undefined, variable: TemplateVariable): string | undefined => {
		if (!parameter) return undefined;
		const raw = variable.kind === 'coupon_code' ? parameter.coupon_code : parameter.text;
		return raw === undefined || raw === null ? '' : String(raw);
	};
	for (const location of ['header', 'body'] as const) {
		const inPart = variables.filter((variable) => variable.location === location && variable.kind === 'text');
		const parameters = parametersOf(given, location);
		inPart.forEach((variable, index) => {
			const parameter = variable.named
				? parameters.find((entry) => entry.parameter_name === variable.name) ?? parameters[index]
				: parameters[index];
			const text = textOf(parameter, variable);
			if (text !== undefined) values.set(variable.id, text);
		});
	}
	for (const variable of variables.filter((entry) => entry.location === 'button')) {
		const inButton = variables.filter((entry) => entry.location === 'button' && entry.buttonIndex === variable.buttonIndex);
		const text = textOf(parametersOf(given, 'button', variable.buttonIndex)[inButton.indexOf(variable)], variable);
		if (text !== undefined) values.set(variable.id, text);
	}
	return values;
}

interface RawComponent {
	type?: unknown;
	index?: unknown;
	parameters?: unknown;
}

function parametersOf(components: readonly RawComponent[], type: string, index?: number): Array<Record<string, unknown>> {
	const component = components.find(
		(entry) =>
			String(entry.type ?? '').toLowerCase() === type && (index === undefined || Number(entry.index ?? 0) === index),
	);
	return Array.isArray(component?.parameters) ? (component.parameters as Array<Record<string, unknown>>) : [];
}

/** Components the user wrote as JSON, checked against what the template needs. */
export function componentsFromJson(template: ListedTemplate, raw: unknown): unknown[] {
	const components = parseJsonField(raw, 'Components (JSON)') ?? [];
	if (!Array.isArray(components)) {
		throw new FieldError('Components (JSON)', 'Components (JSON) must be an array', 'Give a JSON array of components, e.g. [{"type":"body","parameters":[...]}].');
	}
	const given = components.filter((entry) => typeof entry === 'object' && entry !== null) as RawComponent[];
	const variables = extractTemplateVariables(template);
	const problems: string[] = [];
	const expect = (wanted: TemplateVariable[], got: Array<Record<string, unknown>>, where: string) => {
		if (got.length !== wanted.length) {
			problems.push(`${where} needs ${wanted.length} parameter${wanted.length === 1 ? '' : 's'} (${labels(wanted)}), got ${got.length}`);
		}
	};
	const header = variables.filter((variable) => variable.location === 'header');
	const headerGiven = parametersOf(given, 'header');
	const media = header.find((variable) => variable.id === 'header_media');
	if (media && !headerGiven.some((parameter) => parameter.type === media.kind)) {
		problems.push(`the header needs a ${media.kind} parameter with a link ("${media.label}")`);
	} else if (!media) expect(header, headerGiven, 'the header');
	expect(variables.filter((variable) => variable.location === 'body'), parametersOf(given, 'body'), 'the body');
	const buttonIndexes = [...new Set(variables.filter((v) => v.location === 'button').map((v) => v.buttonIndex ?? 0))];
	for (const index of buttonIndexes) {
		expect(
			variables.filter((variable) => variable.location === 'button' && variable.buttonIndex === index),
			parametersOf(given, 'button', index),
			`button ${index + 1}`,
		);
	}
	if (problems.length > 0) {
		throw new FieldError(
			'Components (JSON)',
			`Components (JSON) do not fit template "${template.name}": ${problems.join('; ')}`,
			'Give one parameter per template variable, in order.',
		);
	}
	throwIfValuesBreakRules(template, variables, valuesOfJsonComponents(variables, given), 'Components (JSON)');
	return components;
}

export function notificationBody(destination: string, choice: TemplateChoice, components: unknown[]): NotificationBody {
	return {
		destination,
		message: {
			type: 'template',
			template: {
				name: choice.name,
				language: { policy: 'deterministic', code: choice.language },
				components,
			},
		},
	};
}
