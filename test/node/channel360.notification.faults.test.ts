/**
 * Outreach under the fault scenarios the reliability probe ran (issue 17): whatever Channel360
 * answers for one notification of a batch, with Continue On Fail every item says what happened
 * to it, the others are sent, nobody gets a template twice, and a failure that Channel360 may
 * have carried out says so instead of inviting a retry.
 */
import type { FaultSpec } from '../../sandbox';
import { choiceOf, jsonOf, mapperValue, ORDER_SHIPPED, useSandbox } from './nodeTestKit';

const send = {
	resource: 'notification',
	operation: 'send',
	phone: '={{ $json.phone }}',
	template: choiceOf(ORDER_SHIPPED),
	templateVariables: mapperValue({ header_media: 'https://cdn.example.co.za/box.jpg', body_1: '={{ $json.name }}', body_2: '4401', button_0_1: '4401' }),
	optInSource: 'none',
};
const customer = (n: number) => ({ phone: `+2782${String(1000000 + n)}`, name: `Customer ${n}` });

type Expected = 'sent' | 'failed' | 'possiblySent';
/**
 * The fault hits the second of three notifications to reach Channel360: sends overlap, so on a
 * busy machine that may be the third item's.
 */
const scenarios: Array<[string, Omit<FaultSpec, 'method' | 'path'>, Expected]> = [
	['400 bad request', { status: 400 }, 'failed'],
	['401 unauthorised', { status: 401 }, 'failed'],
	['403 forbidden', { status: 403 }, 'failed'],
	['404 not found', { status: 404 }, 'failed'],
	['409 conflict', { status: 409 }, 'failed'],
	['413 too large', { status: 413 }, 'failed'],
	['422 unprocessable', { status: 422 }, 'failed'],
	['429 once', { status: 429 }, 'sent'],
	['429 twice, Retry-After 1 s', { status: 429, times: 2, retryAfterSeconds: 1 }, 'sent'],
	['500 server error', { status: 500 }, 'possiblySent'],
	['502 bad gateway', { status: 502 }, 'possiblySent'],
	['503 unavailable', { status: 503 }, 'possiblySent'],
	['504 gateway timeout', { status: 504 }, 'possiblySent'],
	['reset after Channel360 queued it', { status: 0, resetAfterHandling: true }, 'possiblySent'],
];

// A hang guard, not a speed target: the 429 scenarios wait out Channel360's back-off.
jest.setTimeout(60_000);

describe('Channel360 node: Notification → Send under Channel360 faults', () => {
	const kit = useSandbox();

	beforeEach(() => kit.sandbox.addTemplate(kit.orgId, ORDER_SHIPPED));

	it.each(scenarios)('%s: every item says what happened, nobody gets it twice', async (_name, fault, expected) => {
		kit.sandbox.injectFault({ method: 'POST', path: '/notification', afterRequests: 1, times: 1, ...fault });
		const { outputs, error } = await kit.run(send, [customer(1), customer(2), customer(3)], true);
		expect(error).toBeUndefined();

		const results = jsonOf(outputs[0]);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const failed = results.filter((result) => result.outcome !== 'sent');
		if (expected === 'sent') {
			expect(failed).toEqual([]);
		} else {
			expect(results.map((result) => result.outcome).sort()).toEqual(['failed', 'sent', 'sent']);
			const [hit] = failed;
			const said = `${String(hit.error ?? '')} ${String(hit.reason ?? '')} ${String(hit.description ?? '')}`;
			expect(said.trim()).not.toBe('');
			if (expected === 'possiblySent') expect(said).toMatch(/may have been queued: check before sending again/);
			else expect(said).not.toMatch(/may have been queued/);
		}
		expect(JSON.stringify(results)).not.toMatch(/retry the request immediately/i);
		const destinations = kit.sandbox.notifications(kit.orgId).map((notification) => notification.destination);
		expect(new Set(destinations).size).toBe(destinations.length);
	});
});
