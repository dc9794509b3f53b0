import { realClock, SLEEP_SLICE_MS } from '../../nodes/Channel360/actions/notificationSender';

// n8n's sleep() sets its timer through the global setTimeout, which jest's fake timers replace.
describe('realClock, the clock that paces Notification → Send and fallback templates', () => {
	beforeEach(() => jest.useFakeTimers());
	afterEach(() => jest.useRealTimers());

	it('waits the whole time when nothing stops it', async () => {
		let woke = false;
		void realClock.sleep(10_000).then(() => (woke = true));
		await jest.advanceTimersByTimeAsync(9_999);
		expect(woke).toBe(false);
		await jest.advanceTimersByTimeAsync(1);
		expect(woke).toBe(true);
		expect(jest.getTimerCount()).toBe(0);
	});

	it('wakes at once when the run stops, and leaves no timer behind longer than one slice', async () => {
		const stop = new AbortController();
		const waiting = realClock.sleep(10 * 60_000, stop.signal);
		await jest.advanceTimersByTimeAsync(2_500);
		stop.abort();
		await waiting;
		// A timer left running for the rest of the ten minutes kept the test process from exiting.
		await jest.advanceTimersByTimeAsync(SLEEP_SLICE_MS);
		expect(jest.getTimerCount()).toBe(0);
	});

	it('returns at once when the run had already stopped', async () => {
		const stop = new AbortController();
		stop.abort();
		await realClock.sleep(60_000, stop.signal);
		expect(jest.getTimerCount()).toBe(0);
	});
});
