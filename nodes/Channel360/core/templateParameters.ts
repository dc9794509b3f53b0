/**
 * WhatsApp template variables: which ones a template has (read from its components), and the
 * `components` array of a send request built from the values a user gave. Pure.
 *
 * Variables are positional ({{1}}, {{2}}) or named ({{order_id}}). They can sit in the header
 * (text, or a media header that needs a link), the body, and URL buttons; copy-code buttons
 * take a coupon code.
 */

export type VariableLocation = 'header' | 'body' | 'button';
export type VariableKind = 'text' | 'image' | 'video' | 'document' | 'coupon_code';

export interface TemplateVariable {
	/** Stable field id, e.g. `body_1`, `body_order_id`, `header_media`, `button_0_1`. */
	id: string;
	location: VariableLocation;
	kind: VariableKind;
	/** The placeholder name: `1`, `order_id`, or `media`. */
	name: string;
	/** Set for named placeholders ({{order_id}}), which WhatsApp wants back as parameter_name. */
	named: boolean;
	buttonIndex?: number;
	buttonSubType?: 'url' | 'copy_code';
	/** A human label: where the variable sits, with the surrounding text. */
	label: string;
	example?: string;
}

export interface TemplateComponent {
	type?: string;
	format?: string;
	text?: string;
	buttons?: TemplateButton[];
	example?: unknown;
}

export interface TemplateButton {
	type?: string;
	text?: string;
	url?: string;
	example?: unknown;
}

export interface TemplateDefinition {
	name?: string;
	language?: string;
	status?: string;
	components?: TemplateComponent[];
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

function placeholdersIn(text: string | undefined): string[] {
	if (!text) return [];
	const names: string[] = [];
	for (const match of text.matchAll(PLACEHOLDER)) {
		if (!names.includes(match[1])) names.push(match[1]);
	}
	// WhatsApp numbers positional parameters from 1 and wants them in order.
	return names.sort((a, b) => {
		const numericA = /^\d+$/.test(a);
		const numericB = /^\d+$/.test(b);
		if (numericA && numericB) return Number(a) - Number(b);
		return 0;
	});
}

/**
 * The word on each side of a variable, e.g. `…order {{2}} ships…`: the editor cuts labels after
 * about 25 characters,
 * so the words that tell {{1}} from {{2}} must come first, not the template's opening words.
 */
function snippet(text: string, name: string): string {
	const marker = `{{${name}}}`;
	const at = text.indexOf(marker);
	if (at < 0) return text.slice(0, 40);
	const before = text.slice(0, at).split(/\s+/).filter(Boolean);
	const after = text.slice(at + marker.length).split(/(?=\s)/).filter((part) => part.trim() !== '');
	const shownBefore = before.slice(-1).join(' ');
	const shownAfter = after.slice(0, 1).join('').trimEnd();
	const glueBefore = shownBefore && /\s$/.test(text.slice(0, at)) ? ' ' : '';
	return `${before.length > 1 ? '…' : ''}${shownBefore}${glueBefore}${marker}${after.length > 1 ? `${shownAfter}…` : shownAfter}`;
}

function examplesOf(component: TemplateComponent, key: 'body_text' | 'header_text'): string[] {
	const example = component.example as Record<string, unknown> | undefined;
	const value = example?.[key];
	if (Array.isArray(value)) return (Array.isArray(value[0]) ? value[0] : value).map(String);
	return [];
}

const MEDIA_FORMATS: Record<string, VariableKind> = { IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document' };

export function extractTemplateVariables(template: TemplateDefinition): TemplateVariable[] {
	const variables: TemplateVariable[] = [];
	for (const component of template.components ?? []) {
		const type = (component.type ?? '').toUpperCase();
		if (type === 'HEADER') {
			const format = (component.format ?? 'TEXT').toUpperCase();
			const mediaKind = MEDIA_FORMATS[format];
			if (mediaKind) {
				variables.push({
					id: 'header_media',
					location: 'header',
					kind: mediaKind,
					name: 'media',
					named: false,
					label: `Header ${format.toLowerCase()} URL`,
				});
				continue;
			}
			const examples = examplesOf(component, 'header_text');
			placeholdersIn(component.text).forEach((name, index) =>
				variables.push({
					id: `header_${name}`,
					location: 'header',
					kind: 'text',
					name,
					named: !/^\d+$/.test(name),
					label: `Header {{${name}}}: ${snippet(component.text ?? '', name)}`,
					example: examples[index],
				}),
			);
		} else if (type === 'BODY') {
			const examples = examplesOf(component, 'body_text');
			placeholdersIn(component.text).forEach((name, index) =>
				variables.push({
					id: `body_${name}`,
					location: 'body',
					kind: 'text',
					name,
					named: !/^\d+$/.test(name),
					label: `Body {{${name}}}: ${snippet(component.text ?? '', name)}`,
					example: examples[index],
				}),
			);
		} else if (type === 'BUTTONS') {
			(component.buttons ?? []).forEach((button, buttonIndex) => {
				const buttonType = (button.type ?? '').toUpperCase();
				if (buttonType === 'URL') {
					placeholdersIn(button.url).forEach((name) =>
						variables.push({
							id: `button_${buttonIndex}_${name}`,
							location: 'button',
							kind: 'text',
							name,
							named: false,
							buttonIndex,
							buttonSubType: 'url',
							label: `Button ${buttonIndex + 1} "${button.text ?? ''}" URL suffix: ${button.url ?? ''}`,
						}),
					);
				} else if (buttonType === 'COPY_CODE') {
					variables.push({
						id: `button_${buttonIndex}_code`,
						location: 'button',
						kind: 'coupon_code',
						name: 'code',
						named: false,
						buttonIndex,
						buttonSubType: 'copy_code',
						label: `Button ${buttonIndex + 1} "${button.text ?? 'Copy code'}" coupon code`,
					});
				}
			});
		}
	}
	return variables;
}

export interface TemplateParameter {
	type: VariableKind;
	text?: string;
	parameter_name?: string;
	image?: { link: string };
	video?: { link: string };
	document?: { link: string; filename?: string };
	coupon_code?: string;
}

export interface SendComponent {
	type: 'header' | 'body' | 'button';
	sub_type?: 'url' | 'copy_code';
	index?: string;
	parameters: TemplateParameter[];
}

export interface BuiltComponents {
	components: SendComponent[];
	/** Variables without a value, by label: nothing may be sent while this is non-empty. */
	missing: TemplateVariable[];
	/** Values given for fields the template does not have. */
	unknown: string[];
}

function parameterFor(variable: TemplateVariable, value: string): TemplateParameter {
	switch (variable.kind) {
		case 'image':
			return { type: 'image', image: { link: value } };
		case 'video':
			return { type: 'video', video: { link: value } };
		case 'document':
			return { type: 'document', document: { link: value } };
		case 'coupon_code':
			return { type: 'coupon_code', coupon_code: value };
		default:
			return variable.named ? { type: 'text', parameter_name: variable.name, text: value } : { type: 'text', text: value };
	}
}

/** Builds the `components` of a template send from values keyed by variable id. */
export function buildTemplateComponents(
	variables: readonly TemplateVariable[],
	values: Readonly<Record<string, unknown>>,
): BuiltComponents {
	const missing: TemplateVariable[] = [];
	const header: TemplateParameter[] = [];
	const body: TemplateParameter[] = [];
	const buttons = new Map<number, SendComponent>();
	for (const variable of variables) {
		const raw = values[variable.id];
		const value = raw === undefined || raw === null ? '' : String(raw).trim();
		if (value === '') {
			missing.push(variable);
			continue;
		}
		const parameter = parameterFor(variable, value);
		if (variable.location === 'header') header.push(parameter);
		else if (variable.location === 'body') body.push(parameter);
		else {
			const index = variable.buttonIndex ?? 0;
			const component = buttons.get(index) ?? {
				type: 'button' as const,
				sub_type: variable.buttonSubType ?? 'url',
				index: String(index),
				parameters: [],
			};
			component.parameters.push(parameter);
			buttons.set(index, component);
		}
	}
	const components: SendComponent[] = [];
	if (header.length) components.push({ type: 'header', parameters: header });
	if (body.length) components.push({ type: 'body', parameters: body });
	components.push(...[...buttons.entries()].sort(([a], [b]) => a - b).map(([, component]) => component));
	const known = new Set(variables.map((variable) => variable.id));
	const unknown = Object.keys(values).filter((key) => !known.has(key));
	return { components, missing, unknown };
}
