/**
 * The key that says "this recipient got this campaign": a campaign id (by default the template
 * name and language) and the recipient's normalised number, so "0821234567" and "+27821234567"
 * are one recipient. Pure.
 */
import type { TemplateChoice } from './notificationRequest';

export type SendOnceMode = 'off' | 'skipSent' | 'forget' | 'forgetAll';

export function campaignKey(campaignId: unknown, template: TemplateChoice, phone: string): string {
	const id = typeof campaignId === 'string' || typeof campaignId === 'number' ? String(campaignId).trim() : '';
	return `${id || `${template.name}|${template.language}`}|${phone}`;
}
