/**
 * Public shapes of the sandbox's programmatic API. Other engineers' tests are written against
 * these names, so they only ever grow (new optional fields), never change.
 */

export interface SandboxOptions {
	/** 0 = a free port (default). */
	port?: number;
	/** Default 127.0.0.1. The control interface has no auth, so never bind elsewhere. */
	host?: string;
	/** Secret the organisation tokens are signed with (HS256). Default: random per start. */
	jwtSecret?: string;
	/** Virtual clock start, epoch ms. Default Date.now(). */
	startTime?: number;
	/** Requests per token per second; null = off, like the real service (its limiter is not mounted). */
	rateLimitPerSecond?: number | null;
	/** 'async' (real): 201, then message:delivery:failure 131047. 'sync': answer 400 at once. */
	windowEnforcement?: 'async' | 'sync';
	/** Real: history by phone only finds numbers that received a template. Default true. */
	historyRequiresNotification?: boolean;
	/** Real-time delay before each asynchronous step (notification progression, failures). Default 10. */
	deliveryDelayMs?: number;
	log?: (line: string) => void;
	/** Sandbox extension: id of the organisation created at start (the CLI pins it). Default random. */
	defaultOrgId?: string;
	/** Sandbox extension: name of the organisation created at start. */
	defaultOrgName?: string;
}

export interface OrganisationCredentials {
	orgId: string;
	token: string;
}

export interface TemplateComponent {
	type: string;
	format?: string;
	text?: string;
	buttons?: Array<{ type: string; text?: string; url?: string; phoneNumber?: string }>;
	[key: string]: unknown;
}

export interface SandboxTemplate {
	id: string;
	organization: string;
	name: string;
	description: string;
	namespace: string;
	language: string;
	category: string;
	status: string;
	enabled: boolean;
	messageTemplateId: string;
	components: unknown[];
	tags: { head: unknown[]; body: unknown[]; buttons: unknown[] };
	createdAt: string;
	updatedAt: string;
	version: number;
}

export interface SandboxSubscriber {
	id: string;
	organization: string;
	mobileNumber: string;
	firstName?: string;
	lastName?: string;
	/** Absent after a PUT that omitted it (the real service clears omitted keys). */
	optInStatus?: boolean;
	createdAt: string;
	updatedAt: string;
	version: number;
}

export interface SandboxWebhook {
	id: string;
	organization: string;
	target: string;
	triggers: string[];
	createdAt: string;
	updatedAt: string;
	version: number;
}

/** One accepted POST /reply. */
export interface SentMessage {
	/** The Smooch message id returned to the caller. */
	id: string;
	orgId: string;
	appUserId: string;
	/** E.164, e.g. +27821234567; absent for a customer who hides their number. */
	phone?: string;
	/** Who sent it: a POST /reply (absent), Channel360's opt keyword confirmation, or a human agent in the inbox. */
	origin?: 'opt confirmation' | 'agent';
	/** The type the caller asked for: text, image, video, file or interactive. */
	type: string;
	text?: string;
	mediaUrl?: string;
	interactive?: unknown;
	actions?: unknown[];
	/** Virtual epoch ms. */
	at: number;
	/** Whether the 24-hour window was open when the reply was accepted. */
	windowOpen: boolean;
	/** Whether WhatsApp will deliver it: false when the window was closed (a 131047 failure follows). */
	delivered: boolean;
}

export interface SandboxNotification {
	id: string;
	orgId: string;
	destination: string;
	templateName: string;
	language: string;
	components: unknown[];
	/** PENDING, SUBMITTED, DELIVERED TO CHANNEL, DELIVERED, READ or FAILED. */
	status: string;
	/** Virtual epoch ms per status. */
	statusHistory: Array<{ status: string; at: number }>;
	failureReason?: string;
	/** The customer's appUser once Smooch matched the number. */
	appUserId?: string;
}

/** One webhook POST attempt. */
export interface Delivery {
	id: string;
	target: string;
	trigger: string;
	payload: unknown;
	/** The request headers as axios sent them (lower-case names). */
	headers: Record<string, string>;
	/** The receiver's HTTP status, 'error' (refused, timeout, aborted) or 'dropped' (never sent: delivery mode dropNext). */
	status: number | 'error' | 'dropped';
	/** Why the attempt failed, when status is 'error'. */
	error?: string;
	/** Virtual epoch ms when the POST was sent. */
	at: number;
	/** 1 for the first POST of an event, 2-5 for retries under the documented policy, 0 for a dropped event. */
	attempt?: number;
}

export interface RequestLogEntry {
	method: string;
	/** Path without the query string (it may carry search terms); headers are never logged. */
	path: string;
	status: number;
	/** Virtual epoch ms. */
	at: number;
}

export interface AppUserSummary {
	appUserId: string;
	/** Absent for a customer who hides their number. */
	phone?: string;
	businessScopedUserId?: string;
	username?: string;
	name?: string;
	lastCustomerMessageAt?: number;
}

export interface InboundMessageInput {
	/** The customer's number. Required unless appUserId or businessScopedUserId names them. */
	phone?: string;
	/** An existing customer, by App User ID. */
	appUserId?: string;
	/** A customer who hides their number (WhatsApp usernames), known by Meta's business-scoped user id only. */
	businessScopedUserId?: string;
	/** Their WhatsApp username (with businessScopedUserId, or with phone when they hide it). */
	username?: string;
	/** This customer hides their number; default: the realism switch phonelessCustomers. */
	hidePhone?: boolean;
	name?: string;
	text?: string;
	type?: 'text' | 'image' | 'file' | 'location';
	mediaUrl?: string;
	mediaType?: string;
	payload?: string;
	/** Epoch ms; default clock.now(). */
	at?: number;
}

export interface InboundMessageResult {
	appUserId: string;
	messageId: string;
	conversationId: string;
}

/** Who taps (phone or appUserId), on which sent message (default the latest with choices), which choice. */
export interface ButtonTapInput {
	phone?: string;
	appUserId?: string;
	/** The id of a sent message (SentMessage.id); default the latest message with buttons sent to the customer. */
	messageId?: string;
	/** The reply button's id, list row's id or reply action's payload. */
	buttonId?: string;
	/** Or the choice's title, as the customer sees it. */
	title?: string;
	/** Epoch ms; default clock.now(). */
	at?: number;
}

export interface ButtonTapResult extends InboundMessageResult {
	buttonId: string;
	title: string;
	/** The id of the sent message whose choice was tapped. */
	repliedTo: string;
}

/** A human agent writes to the customer from the Channel360 inbox. */
export interface AgentMessageInput {
	phone?: string;
	appUserId?: string;
	text: string;
	/** The agent's display name; default the organisation's name. */
	agentName?: string;
	/** messages[0].source.type; default 'web' (inferred: see docs/channel360-api.md). */
	sourceType?: string;
}

export interface FaultSpec {
	method?: string;
	/** A string matches the request path exactly or as its ending ('/notification'); a RegExp is tested against it. */
	path?: string | RegExp;
	/** Status to answer with. Omit (or 0) together with latencyMs to only slow the request down. */
	status: number;
	body?: unknown;
	retryAfterSeconds?: number;
	/** How many requests it hits; default 1, Infinity allowed. */
	times?: number;
	/** Let this many matching requests through first (fail the 11th notification: 10). Default 0. */
	afterRequests?: number;
	latencyMs?: number;
	/**
	 * Handle the request for real (a notification is queued), then drop the connection instead of
	 * answering: the client sees a reset after Channel360 accepted the call. `status` is ignored.
	 */
	resetAfterHandling?: boolean;
}

export interface DeliveryMode {
	/** Each delivery is sent twice. */
	duplicate?: boolean;
	/** A batch of queued events is delivered newest first. */
	reverseOrder?: boolean;
	/** Real-time wait between an event and its delivery; events within it form one batch. Default 0. */
	delayMs?: number;
	/** Deliveries to a target are not sent one after the other but all at once (no order at the receiver). */
	concurrent?: boolean;
	/** The next n events are never delivered (the real service drops status events it cannot match yet). */
	dropNext?: number;
}

/** 'none': one attempt, as the 2024 source does. 'documented': 5 tries over 15 minutes, 20 s timeout each. */
export type RetryPolicy = 'none' | 'documented';

/** How close to the real service's bad days the sandbox behaves (all off by default: the demo stays predictable). */
export interface RealismSwitches {
	/** Customers the sandbox simulates by phone hide their number (WhatsApp usernames): payloads carry a business-scoped user id and username instead. */
	phonelessCustomers?: boolean;
	/** See RetryPolicy. Default 'none'. */
	retryPolicy?: RetryPolicy;
	/** Every notification status event and read receipt is delivered again one step later (status events repeat). */
	repeatStatusEvents?: boolean;
}

export interface SandboxClock {
	now(): number;
	advance(ms: number): void;
	set(epochMs: number): void;
}

export interface TemplateInput {
	name: string;
	language: string;
	status?: string;
	category?: string;
	enabled?: boolean;
	components: unknown[];
	description?: string;
	namespace?: string;
}

export interface SubscriberInput {
	mobileNumber: string;
	firstName?: string;
	lastName?: string;
	optInStatus?: boolean;
}

export interface Sandbox {
	readonly url: string;
	readonly defaultOrg: OrganisationCredentials;
	stop(): Promise<void>;
	createOrganisation(input?: { orgId?: string; name?: string }): OrganisationCredentials;
	tokenFor(orgId: string, jwtSecret?: string): string;
	clock: SandboxClock;
	addTemplate(orgId: string, t: TemplateInput): SandboxTemplate;
	setTemplateStatus(orgId: string, name: string, language: string, status: string): void;
	addSubscriber(orgId: string, s: SubscriberInput): SandboxSubscriber;
	simulateInboundMessage(orgId: string, m: InboundMessageInput): Promise<InboundMessageResult>;
	/** Sandbox extension: a customer reads the conversation (conversation:read; notifications become READ). */
	simulateRead(orgId: string, who: { phone?: string; appUserId?: string }): Promise<void>;
	/** Sandbox extension: a customer submits a WhatsApp Flow (flow:submission). */
	simulateFlowSubmission(orgId: string, f: { phone: string; name?: string; response: unknown; flowToken?: string }): Promise<InboundMessageResult>;
	/** Sandbox extension: the customer taps a reply button or list row of a sent interactive message. */
	simulateButtonTap(orgId: string, tap: ButtonTapInput): Promise<ButtonTapResult>;
	/** Sandbox extension: a human agent writes from the Channel360 inbox (message:appMaker, not an API send). */
	simulateAgentMessage(orgId: string, m: AgentMessageInput): Promise<{ messageId: string; appUserId: string }>;
	/** Realism switches (see RealismSwitches); returns them all. */
	setRealism(r: RealismSwitches): Required<RealismSwitches>;
	readonly realism: Required<RealismSwitches>;
	injectFault(f: FaultSpec): void;
	clearFaults(): void;
	setRateLimit(perSecond: number | null): void;
	setDeliveryMode(m: DeliveryMode): void;
	sentMessages(orgId?: string): SentMessage[];
	notifications(orgId?: string): SandboxNotification[];
	deliveries(): Delivery[];
	waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
	webhooks(orgId?: string): SandboxWebhook[];
	requests(): RequestLogEntry[];
	appUsers(orgId?: string): AppUserSummary[];
	reset(): void;
}
