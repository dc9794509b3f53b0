/**
 * Jest set-up shared by the trigger test files: one in-process sandbox per file, trigger
 * harnesses made on demand with the sandbox's credentials and stopped after each test.
 */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { sandboxCredentials } from './engine';
import { startTriggerHarness, type TriggerHarness, type TriggerHarnessOptions } from './triggerHarness';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const TRIGGER_STATE_KEY = 'node:Channel360 Trigger';

export interface TriggerFixture {
	readonly sandbox: Sandbox;
	/** A trigger harness for the sandbox's default organisation; `activate` it to register. */
	trigger(parameters: TriggerHarnessOptions['parameters'], options?: Partial<TriggerHarnessOptions>): Promise<TriggerHarness>;
	/** A trigger that is already activated. */
	activeTrigger(parameters: TriggerHarnessOptions['parameters'], options?: Partial<TriggerHarnessOptions>): Promise<TriggerHarness>;
}

export function useTriggerFixture(sandboxOptions: SandboxOptions = {}): TriggerFixture {
	let sandbox: Sandbox | undefined;
	const started: TriggerHarness[] = [];

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, ...sandboxOptions });
	});
	afterEach(async () => {
		await Promise.all(started.splice(0).map((harness) => harness.stop()));
		sandbox?.reset();
	});
	afterAll(async () => {
		await sandbox?.stop();
	});

	const fixture: TriggerFixture = {
		get sandbox() {
			if (!sandbox) throw new Error('The sandbox starts in beforeAll');
			return sandbox;
		},
		async trigger(parameters, options = {}) {
			const harness = await startTriggerHarness({ credentials: sandboxCredentials(fixture.sandbox), ...options, parameters });
			started.push(harness);
			return harness;
		},
		async activeTrigger(parameters, options = {}) {
			const harness = await fixture.trigger(parameters, options);
			await harness.activate();
			return harness;
		},
	};
	return fixture;
}
