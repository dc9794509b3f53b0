import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * How a template is chosen and filled, and how opt-in is checked: shared by Notification → Send
 * and by Message → Reply's fallback template, so both send exactly the same way.
 */
export function templateSendFields(displayOptions: IDisplayOptions): INodeProperties[] {
	const when = (show: Record<string, string[]>): IDisplayOptions => ({
		...displayOptions,
		show: { ...displayOptions.show, ...show },
	});
	return [
		{
			displayName: 'Template Name or ID',
			name: 'template',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getApprovedTemplates' },
			default: '',
			required: true,
			description:
				'The approved WhatsApp template to send, in one language. Only approved templates are listed; run Template → Refresh From Meta if a newly approved one is missing. An expression must give "name|language", e.g. order_shipped|en_US. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions,
		},
		{
			displayName: 'Variables Input',
			name: 'variablesInput',
			type: 'options',
			options: [
				{
					name: 'Fields From the Template',
					value: 'fields',
					description: "One field per variable in the template's header, body and buttons",
				},
				{
					name: 'JSON Components',
					value: 'json',
					description: 'Write the WhatsApp "components" array yourself',
				},
			],
			default: 'fields',
			description: 'How to give the values of the template variables',
			displayOptions,
		},
		{
			displayName: 'Template Variables',
			name: 'templateVariables',
			type: 'resourceMapper',
			noDataExpression: true,
			default: { mappingMode: 'defineBelow', value: null },
			required: true,
			typeOptions: {
				loadOptionsDependsOn: ['template'],
				resourceMapper: {
					resourceMapperMethod: 'getTemplateVariables',
					mode: 'add',
					fieldWords: { singular: 'variable', plural: 'variables' },
					addAllFields: true,
					multiKeyMatch: false,
					supportAutoMap: false,
					noFieldsError: 'This template has no variables: nothing to fill in',
				},
			},
			description:
				'The values of the template variables: header text or media URL, body variables ({{1}} or {{name}}) and button URL suffixes. Every variable must have a value.',
			displayOptions: when({ variablesInput: ['fields'] }),
		},
		{
			displayName: 'Components (JSON)',
			name: 'componentsJson',
			type: 'json',
			default: '[]',
			description:
				'The "components" array of a WhatsApp template message, e.g. [{"type":"body","parameters":[{"type":"text","text":"Thandi"}]}]. It is checked against the template before sending.',
			displayOptions: when({ variablesInput: ['json'] }),
		},
		{
			displayName: 'Opt-In Check',
			name: 'optInSource',
			type: 'options',
			options: [
				{
					name: 'Channel360 Subscriber List',
					value: 'channel360',
					description:
						'Look the phone number up in Channel360 subscribers; send only if the subscriber exists and is opted in',
				},
				{
					name: 'A Field I Map',
					value: 'field',
					description: 'Send only if the "Opted In" value you map (e.g. from your CRM) is true',
				},
				{
					name: "None: I've Checked Opt-In Myself",
					value: 'none',
					description: 'Send without checking; the workflow has already made sure the customer agreed',
				},
			],
			default: 'channel360',
			description:
				'WhatsApp requires that customers agreed to receive business-initiated messages. Channel360 does not check this when sending a notification, so the node does. Recipients who are not opted in are skipped, not sent to.',
			displayOptions,
		},
		{
			displayName: 'Opted In',
			name: 'optedIn',
			type: 'boolean',
			default: false,
			required: true,
			description: 'Whether this recipient agreed to receive WhatsApp messages. Map it with an expression from your own records, e.g. the opt-in column of a CRM row.',
			displayOptions: when({ optInSource: ['field'] }),
		},
	];
}
