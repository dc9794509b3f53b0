import { needsHistory, planReply, resolveWindow, windowClosedReport } from '../../nodes/Channel360/core/replyDecision';
import { readWindowState, WINDOW_MS } from '../../nodes/Channel360/core/window';

const NOW = Date.parse('2026-11-25T10:00:00.000Z');
const HOUR = 3_600_000;
const customerAt = (hoursAgo: number) => ({ author: 'customer' as const, at: NOW - hoursAgo * HOUR });
const itemWindow = (expiresInHours: number) =>
	readWindowState({ open: expiresInHours > 0, expiresAt: new Date(NOW + expiresInHours * HOUR).toISOString() }, NOW);

describe('window-aware reply decision', () => {
	it('trusts an open window on the item and skips the history', () => {
		expect(needsHistory(itemWindow(5), true)).toBe(false);
		expect(resolveWindow(itemWindow(5), undefined, NOW, true)).toMatchObject({ open: true, source: 'item' });
	});

	it('re-checks an item window that has expired since, or when told not to trust the item', () => {
		expect(needsHistory(itemWindow(-1), true)).toBe(true);
		expect(needsHistory(itemWindow(5), false)).toBe(true);
		expect(needsHistory(undefined, true)).toBe(true);
	});

	it('lets a newer customer message in the history reopen a window the item says is closed', () => {
		const window = resolveWindow(itemWindow(-1), [customerAt(2)], NOW, true);
		expect(window).toMatchObject({ open: true, source: 'history', expiresAt: new Date(NOW - 2 * HOUR + WINDOW_MS).toISOString() });
	});

	it('falls back to the item when there is no history, and to "closed, source none" when there is neither', () => {
		expect(resolveWindow(itemWindow(-3), undefined, NOW, true)).toMatchObject({ open: false, source: 'item' });
		expect(resolveWindow(undefined, undefined, NOW, true)).toMatchObject({ open: false, expiresAt: null, source: 'none' });
	});

	it('sends free-form when open, and otherwise applies the policy with the closing time in the reason', () => {
		const open = resolveWindow(undefined, [customerAt(1)], NOW, true);
		expect(planReply(open, 'fail')).toMatchObject({ action: 'sendFreeForm' });
		const closed = resolveWindow(undefined, [customerAt(30)], NOW, true);
		for (const policy of ['fail', 'sendTemplate', 'routeToOutput'] as const) {
			expect(planReply(closed, policy)).toEqual({
				action: policy,
				reason: 'the 24-hour window closed at 2026-11-25T04:00:00.000Z; send an approved template instead',
			});
		}
	});

	it('says why when the customer never wrote or nothing is known', () => {
		const businessOnly = resolveWindow(undefined, [{ author: 'business', at: NOW - HOUR }], NOW, true);
		expect(planReply(businessOnly, 'fail').reason).toMatch(/has not written to you/);
		expect(planReply(resolveWindow(undefined, undefined, NOW, true), 'fail').reason).toMatch(/state is unknown/);
	});
});

describe('the "Window Closed" output item', () => {
	it('says what Reply checked (number, App User, the window and where it came from), nothing copied from the input', () => {
		const window = resolveWindow(undefined, [customerAt(30)], NOW, true);
		const report = windowClosedReport({
			reason: planReply(window, 'routeToOutput').reason,
			phone: '+27821234567',
			appUserId: 'au_1',
			window,
			historyRead: true,
		});
		expect(report).toEqual({
			outcome: 'windowClosed',
			reason: expect.stringMatching(/^the 24-hour window closed at 2026-11-25T04:00:00.000Z; send an approved template instead$/),
			phone: '+27821234567',
			appUserId: 'au_1',
			window: expect.objectContaining({ open: false, source: 'history', expiresAt: '2026-11-25T04:00:00.000Z' }),
			historyRead: true,
		});
	});
});
