import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class Channel360Api implements ICredentialType {
	name = 'channel360Api';

	displayName = 'Channel360 API';

	icon: Icon = { light: 'file:channel360.svg', dark: 'file:channel360.dark.svg' };

	documentationUrl = 'https://docs.channel360.co.za/quick-start';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The organisation API token from the Channel360 dashboard (Settings → API). It is sent as a Bearer token.',
		},
		{
			displayName: 'Organisation ID',
			name: 'organizationId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 64f1c0ffee0123456789abcd',
			description: 'The ID of your Channel360 organisation; every API path starts with it',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://www.channel360.co.za',
			description:
				'Where the Channel360 API lives. Change it only for a staging host or a local Channel360 sandbox.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
			},
		},
	};

	// Listing webhooks is cheap and checks both halves: a bad token gives 401, a token of
	// another organisation gives 403.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/v1.1/org/{{encodeURIComponent($credentials.organizationId.trim())}}/webhooks',
			method: 'GET',
		},
	};
}
