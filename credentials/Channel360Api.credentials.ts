import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { CHANNEL360_BASE_URL } from '../nodes/Channel360/core/baseUrl';
import { CREDENTIAL_REJECTIONS } from '../nodes/Channel360/core/credentialCheck';
import { COUNTRY_NUMBERING, NO_DEFAULT_COUNTRY } from '../nodes/Channel360/core/phone';

export class Channel360Api implements ICredentialType {
	name = 'channel360Api';

	displayName = 'Channel360 WhatsApp API';

	icon: Icon = { light: 'file:channel360.svg', dark: 'file:channel360.dark.svg' };

	documentationUrl = 'https://github.com/channel360-n8n/n8n-nodes-channel360#the-credential-channel360-api';

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
		{
			displayName: 'Default Country',
			name: 'defaultCountry',
			type: 'options',
			options: [
				...Object.entries(COUNTRY_NUMBERING).map(([code, country]) => ({
					name: `${country.name} (+${country.callingCode})`,
					value: code,
				})),
				{ name: 'None: International Numbers Only', value: NO_DEFAULT_COUNTRY },
			],
			default: 'ZA',
			description:
				'The country of phone numbers written without a country code: with South Africa, 082 123 4567 is sent as +27821234567. Numbers with + or 00 are read as they are.',
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

	// Listing webhooks is cheap and checks all three fields: a bad token gives 401, a token of
	// another organisation 403. The Base URL is read as the nodes read it (core/baseUrl.ts): spaces
	// around and trailing slashes dropped, empty meaning Channel360. A declarative test, not a
	// credentialTest method: n8n gives those only the deprecated helpers.request, which n8n's
	// community-package scanner refuses.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ($credentials.baseUrl || '').trim().replace(/\\/+$/, '') || '${CHANNEL360_BASE_URL}' }}`,
			url: '=/v1.1/org/{{encodeURIComponent(($credentials.organizationId || "").trim())}}/webhooks',
			method: 'GET',
		},
		rules: CREDENTIAL_REJECTIONS.map(({ status, message }) => ({
			type: 'responseCode' as const,
			properties: { value: status, message },
		})),
	};
}
