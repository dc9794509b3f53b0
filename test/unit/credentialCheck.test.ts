import { classifyApiError } from '../../nodes/Channel360/core/apiErrors';
import { CHANNEL360_BASE_URL, normaliseBaseUrl } from '../../nodes/Channel360/core/baseUrl';
import { CREDENTIAL_REJECTIONS } from '../../nodes/Channel360/core/credentialCheck';
import { Channel360Api } from '../../credentials/Channel360Api.credentials';

describe('the credential test names the field to fix', () => {
	const messageFor = (status: number) => CREDENTIAL_REJECTIONS.find((rejection) => rejection.status === status)?.message;
	it.each([
		[401, /^API Token: Channel360 did not accept it\. Copy the organisation API token again/],
		[403, /^Organisation ID: the API token is valid but not for this organisation/],
		[404, /^Organisation ID or Base URL:/],
		[502, /^Base URL: it answered HTTP 502/],
	])('HTTP %d', (status, expected) => {
		expect(messageFor(status)).toMatch(expected);
	});

	it('is what the credential declares as its test rules', () => {
		const rules = new Channel360Api().test.rules ?? [];
		expect(rules).toContainEqual({ type: 'responseCode', properties: { value: 401, message: messageFor(401) } });
		expect(rules).toContainEqual({ type: 'responseCode', properties: { value: 403, message: messageFor(403) } });
	});
});

describe('Base URL, read the same way by the nodes and the credential test', () => {
	it('drops surrounding spaces and trailing slashes; empty means Channel360', () => {
		expect(normaliseBaseUrl('  http://127.0.0.1:4360/ ')).toBe('http://127.0.0.1:4360');
		expect(normaliseBaseUrl('')).toBe(CHANNEL360_BASE_URL);
		expect(normaliseBaseUrl('   ')).toBe(CHANNEL360_BASE_URL);
		expect(normaliseBaseUrl(undefined)).toBe(CHANNEL360_BASE_URL);
	});

	it('refuses spaces inside and what is not an http(s) address, with the fix', () => {
		expect(() => normaliseBaseUrl('https://www.channel 360.co.za')).toThrow('Base URL "https://www.channel 360.co.za" contains spaces');
		expect(() => normaliseBaseUrl('www.channel360.co.za')).toThrow(/is not an http\(s\) address/);
		expect(() => normaliseBaseUrl('ftp://channel360.co.za')).toThrow(/is not an http\(s\) address/);
	});
});

describe('raw database errors from Channel360 in plain words', () => {
	it('explains a MongoDB duplicate key as "already has", naming the field and value', () => {
		const body = {
			message: 'E11000 duplicate key error collection: channel360.subscribers index: mobileNumber_1 dup key: { mobileNumber: "+27821234567" }',
		};
		const error = classifyApiError(500, body, 'subscriber');
		expect(error.kind).toBe('duplicate');
		expect(error.message).toBe('Channel360 already has a subscriber with this mobileNumber (+27821234567)');
		expect(error.description).toMatch(/^Nothing new was created\. Use the existing subscriber/);
	});

	it('names the index when the error has no dup key part', () => {
		const error = classifyApiError(400, { error: 'E11000 duplicate key error index: name_1' }, 'template');
		expect(error.message).toBe('Channel360 already has a template with this name');
	});
});
