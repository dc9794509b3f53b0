/**
 * Send and Wait's "Limit Wait Time", as n8n's own send-and-wait nodes have it: after an
 * interval or at a date; without a limit the execution waits until it is answered. Pure.
 */
import { FieldError } from './fieldError';

export interface WaitLimit {
	limitType?: 'afterTimeInterval' | 'atSpecifiedTime';
	resumeAmount?: number;
	resumeUnit?: 'minutes' | 'hours' | 'days';
	maxDateAndTime?: string;
}

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** When to stop waiting; undefined means no limit. */
export function waitLimitDate(limit: WaitLimit | undefined, now: number): Date | undefined {
	if (!limit || Object.keys(limit).length === 0) return undefined;
	const at =
		limit.limitType === 'atSpecifiedTime'
			? new Date(String(limit.maxDateAndTime ?? ''))
			: new Date(now + Number(limit.resumeAmount ?? 1) * UNIT_MS[limit.resumeUnit ?? 'hours']);
	if (Number.isNaN(at.getTime()) || (limit.limitType !== 'atSpecifiedTime' && !(Number(limit.resumeAmount) >= 0))) {
		throw new FieldError('Limit Wait Time', 'Limit Wait Time is not a valid interval or date', 'Give a positive amount, or a date and time.');
	}
	return at;
}
