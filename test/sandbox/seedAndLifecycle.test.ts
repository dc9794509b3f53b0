import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEMO_JWT_SECRET, DEMO_ORG_ID, seedDemoData, startSandbox } from '../../sandbox';
import { apiClient } from './helpers';

describe('sandbox demo seed and lifecycle', () => {
	it('gives the same token across restarts for a fixed org id and secret, and seeds the demo data', async () => {
		const first = await startSandbox({ jwtSecret: DEMO_JWT_SECRET, defaultOrgId: DEMO_ORG_ID });
		const second = await startSandbox({ jwtSecret: DEMO_JWT_SECRET, defaultOrgId: DEMO_ORG_ID });
		try {
			expect(first.defaultOrg).toEqual(second.defaultOrg);
			expect(first.defaultOrg.orgId).toBe('64b7f0c2a1d3e40012ab0001');
			seedDemoData(first, DEMO_ORG_ID);
			const api = apiClient(first);
			const all = await api('GET', '/templates/list');
			expect(all.body.map((t: { name: string; status: string }) => `${t.name}:${t.status}`)).toEqual([
				'order_update:APPROVED',
				'welcome_back:APPROVED',
				'spring_sale:PENDING',
			]);
			const subscribers = await api('GET', '/subscribers');
			expect(subscribers.body.data.map((s: { optInStatus: boolean }) => s.optInStatus).sort()).toEqual([false, true, true]);
			// The second sandbox accepts the first one's token: same secret, same org.
			expect((await apiClient(second, first.defaultOrg)('GET', '/webhooks')).status).toBe(200);
		} finally {
			await Promise.all([first.stop(), second.stop()]);
		}
	});

	it('stop() aborts deliveries to a target that never answers', async () => {
		const hanging = createServer(() => undefined);
		await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
		const sandbox = await startSandbox();
		try {
			const target = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hook`;
			await apiClient(sandbox)('POST', '/webhooks', { target, triggers: ['message:appUser'] });
			const inbound = sandbox.simulateInboundMessage(sandbox.defaultOrg.orgId, { phone: '+27821234567', text: 'hi' });
			await new Promise((resolve) => setTimeout(resolve, 50));
			const started = Date.now();
			await sandbox.stop();
			await inbound;
			expect(Date.now() - started).toBeLessThan(1000);
		} finally {
			hanging.closeAllConnections();
			await new Promise((resolve) => hanging.close(resolve));
		}
	});
});
