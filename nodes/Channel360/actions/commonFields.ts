import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Fields that several operations share, built for the display options of each place they appear. */

/** Shows a field for these operations of one resource. */
export function shownFor(resource: string, ...operation: string[]): IDisplayOptions {
	return { show: { resource: [resource], operation } };
}

export function phoneField(displayOptions: IDisplayOptions, description: string): INodeProperties {
	return {
		displayName: 'Phone Number',
		name: 'phone',
		type: 'string',
		// Empty, not '={{ $json.phone }}': an expression n8n's editor cannot resolve before the node
		// has input data stops it reloading the template's variable fields (itemParameters.ts).
		default: '',
		placeholder: 'e.g. +27821234567, or empty for the input item\'s phone',
		description,
		hint: 'Empty: the <code>phone</code> field of the input item. A number without country code, like 082 123 4567, is read in the credential\'s Default Country.',
		displayOptions,
	};
}

export function returnAllFields(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: { ...displayOptions, show: { ...displayOptions.show, returnAll: [false] } },
		},
	];
}

export function idField(
	name: string,
	displayName: string,
	displayOptions: IDisplayOptions,
	description: string,
): INodeProperties {
	return { displayName, name, type: 'string', default: '', required: true, description, displayOptions };
}
