/**
 * What the credential test says when Channel360 refuses the credential: which field to fix
 * (API Token, Organisation ID, Base URL) and how. Static words, since n8n shows a declarative
 * test's rule message as it is. Pure.
 */

import { CHANNEL360_BASE_URL } from './baseUrl';

export const CREDENTIAL_REJECTIONS: ReadonlyArray<{ status: number; message: string }> = [
	{
		status: 401,
		message:
			'API Token: Channel360 did not accept it. Copy the organisation API token again from the Channel360 dashboard (Settings → API) and paste it without spaces; it may have been revoked.',
	},
	{
		status: 403,
		message:
			'Organisation ID: the API token is valid but not for this organisation. Use the ID of the organisation the token was issued for (Channel360 dashboard → Settings).',
	},
	{
		status: 404,
		message: `Organisation ID or Base URL: no Channel360 organisation API answers there. Check the Organisation ID, and that Base URL is ${CHANNEL360_BASE_URL} (or your sandbox).`,
	},
	...[500, 502, 503, 504].map((status) => ({
		status,
		message: `Base URL: it answered HTTP ${status}. Check that Base URL is ${CHANNEL360_BASE_URL} (or your sandbox), or try again later if Channel360 is down.`,
	})),
];
