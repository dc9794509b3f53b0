/**
 * Demo data for `npm run sandbox` / `npm start`: three templates (two approved, one pending) and
 * three South African subscribers (one opted out). Fixed org id and secret keep the printed
 * token valid across restarts, so an n8n credential made once keeps working.
 */
import type { Sandbox } from './types';

export const DEMO_ORG_ID = '64b7f0c2a1d3e40012ab0001';
export const DEMO_JWT_SECRET = 'channel360-sandbox-demo-secret-not-for-production';

export function seedDemoData(sandbox: Sandbox, orgId: string): void {
	sandbox.addTemplate(orgId, {
		name: 'order_update',
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		components: [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} is {{3}}.' }],
	});
	sandbox.addTemplate(orgId, {
		name: 'welcome_back',
		language: 'en_US',
		status: 'APPROVED',
		category: 'MARKETING',
		components: [
			{ type: 'HEADER', format: 'IMAGE' },
			{ type: 'BODY', text: '{{1}}' },
			{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Shop now', url: 'https://shop.example/r/{{1}}' }] },
		],
	});
	sandbox.addTemplate(orgId, {
		name: 'spring_sale',
		language: 'en_US',
		status: 'PENDING',
		category: 'MARKETING',
		components: [{ type: 'BODY', text: 'Spring sale: {{1}} off everything this weekend!' }],
	});
	sandbox.addSubscriber(orgId, { mobileNumber: '+27821234567', firstName: 'Thandi', lastName: 'Nkosi', optInStatus: true });
	sandbox.addSubscriber(orgId, { mobileNumber: '+27829876543', firstName: 'Pieter', lastName: 'van der Merwe', optInStatus: true });
	sandbox.addSubscriber(orgId, { mobileNumber: '+27825550199', firstName: 'Lerato', lastName: 'Mokoena', optInStatus: false });
}
