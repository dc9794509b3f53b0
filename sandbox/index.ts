/**
 * The Channel360 sandbox: an in-memory HTTP server that behaves like the Channel360 v1.1 API
 * (docs/channel360-api.md), for unit tests, the e2e suite, the demo and benchmarks.
 */
import { SandboxInstance } from './sandbox';
import type { Sandbox, SandboxOptions } from './types';

export type {
	AppUserSummary,
	Delivery,
	DeliveryMode,
	FaultSpec,
	InboundMessageInput,
	InboundMessageResult,
	OrganisationCredentials,
	RequestLogEntry,
	Sandbox,
	SandboxClock,
	SandboxNotification,
	SandboxOptions,
	SandboxSubscriber,
	SandboxTemplate,
	SandboxWebhook,
	SentMessage,
	SubscriberInput,
	TemplateInput,
} from './types';
export { seedDemoData, DEMO_ORG_ID, DEMO_JWT_SECRET } from './seed';
export { tapTemplateButton } from './buttonTaps';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return new SandboxInstance(options).start();
}
