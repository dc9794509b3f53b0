/**
 * The shared parts every API area and simulation works with, passed explicitly instead of
 * living in module globals (several sandboxes may run in one test process).
 */
import type { VirtualClock } from './clock';
import type { WebhookDispatcher } from './delivery';
import type { Scheduler } from './scheduler';
import type { SandboxStore } from './store';

export interface SandboxSettings {
	jwtSecret: string;
	windowEnforcement: 'async' | 'sync';
	historyRequiresNotification: boolean;
	deliveryDelayMs: number;
	log: (line: string) => void;
	/** Realism switches the simulations read (the retry policy lives in the dispatcher). */
	phonelessCustomers: boolean;
	repeatStatusEvents: boolean;
}

export interface SandboxContext {
	store: SandboxStore;
	clock: VirtualClock;
	dispatcher: WebhookDispatcher;
	scheduler: Scheduler;
	settings: SandboxSettings;
}
