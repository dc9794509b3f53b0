/**
 * For suites that drive real n8n processes: when a test body fails, the processes' logs say why
 * far better than the assertion does, so they are printed before the failure is passed on.
 */
export async function withLogsOnFailure(logs: () => string | undefined, run: () => Promise<void>): Promise<void> {
	try {
		await run();
	} catch (error) {
		const text = logs();
		if (text) console.error(text);
		throw error;
	}
}
