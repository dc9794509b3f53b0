/**
 * The Sandbox object tests hold: wires the parts together, starts the server, and offers the
 * simulation and inspection methods of the programmatic API.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';

import { createApiPipeline } from './apiPipeline';
import { issueToken } from './auth';
import { VirtualClock } from './clock';
import type { SandboxContext } from './context';
import { createControlHandler } from './control/routes';
import { simulateAgentMessage } from './agentSimulation';
import { simulateButtonTap, simulateFlowSubmission, simulateInboundMessage, simulateRead } from './customerSimulation';
import { WebhookDispatcher } from './delivery';
import { FaultInjector } from './faults';
import { objectId } from './ids';
import { RateLimiter } from './rateLimit';
import { Scheduler, sleep } from './scheduler';
import { close, createSandboxServer, listen } from './server';
import { phoneOf, SandboxStore } from './store';
import { createSubscriberRecord } from './subscribers';
import { createTemplateRecord, templatesOf } from './templates';
import type {
	AgentMessageInput,
	AppUserSummary,
	ButtonTapInput,
	ButtonTapResult,
	Delivery,
	DeliveryMode,
	FaultSpec,
	InboundMessageInput,
	InboundMessageResult,
	OrganisationCredentials,
	RealismSwitches,
	RequestLogEntry,
	Sandbox,
	SandboxNotification,
	SandboxOptions,
	SandboxSubscriber,
	SandboxTemplate,
	SandboxWebhook,
	SentMessage,
	SubscriberInput,
	TemplateInput,
} from './types';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export class SandboxInstance implements Sandbox {
	readonly clock: VirtualClock;
	private readonly ctx: SandboxContext;
	private readonly faults = new FaultInjector();
	private readonly rateLimiter: RateLimiter;
	private readonly server: Server;
	private baseUrl = '';
	private defaultCredentials!: OrganisationCredentials;
	private organisationCount = 0;

	constructor(private readonly options: SandboxOptions = {}) {
		this.clock = new VirtualClock(options.startTime ?? Date.now());
		const store = new SandboxStore();
		const log = options.log ?? (() => undefined);
		this.ctx = {
			store,
			clock: this.clock,
			dispatcher: new WebhookDispatcher(store, this.clock, log),
			scheduler: new Scheduler(),
			settings: {
				jwtSecret: options.jwtSecret ?? randomBytes(32).toString('base64url'),
				windowEnforcement: options.windowEnforcement ?? 'async',
				historyRequiresNotification: options.historyRequiresNotification ?? true,
				deliveryDelayMs: options.deliveryDelayMs ?? 10,
				log,
				phonelessCustomers: false,
				repeatStatusEvents: false,
			},
		};
		this.rateLimiter = new RateLimiter(options.rateLimitPerSecond ?? null);
		this.server = createSandboxServer(this.ctx, createApiPipeline(this.ctx, this.faults, this.rateLimiter), createControlHandler(this));
	}

	async start(): Promise<this> {
		const host = this.options.host ?? '127.0.0.1';
		// The control interface has no auth: refuse to expose it beyond this machine.
		if (!LOOPBACK.test(host)) throw new Error(`The sandbox only binds to loopback addresses, not ${host}`);
		this.baseUrl = await listen(this.server, this.options.port ?? 0, host);
		this.defaultCredentials = this.createOrganisation({ orgId: this.options.defaultOrgId, name: this.options.defaultOrgName });
		return this;
	}

	get url(): string {
		return this.baseUrl;
	}

	get defaultOrg(): OrganisationCredentials {
		return { ...this.defaultCredentials };
	}

	get settings(): Readonly<SandboxContext['settings']> {
		return this.ctx.settings;
	}

	get rateLimitPerSecond(): number | null {
		return this.rateLimiter.limit;
	}

	get deliveryMode(): Required<DeliveryMode> {
		return this.ctx.dispatcher.getMode();
	}

	async stop(): Promise<void> {
		this.ctx.scheduler.cancelAll();
		await this.ctx.dispatcher.drain();
		await close(this.server);
	}

	createOrganisation(input: { orgId?: string; name?: string } = {}): OrganisationCredentials {
		this.organisationCount += 1;
		const orgId = input.orgId ?? objectId(this.clock.now());
		const existing = this.ctx.store.organisations.get(orgId);
		const name = input.name ?? existing?.name ?? (this.organisationCount === 1 ? 'Sandbox Organisation' : `Sandbox Organisation ${this.organisationCount}`);
		const org = this.ctx.store.organisation(orgId, name);
		return { orgId, token: issueToken(orgId, org.name, this.ctx.settings.jwtSecret) };
	}

	tokenFor(orgId: string, jwtSecret?: string): string {
		const name = this.ctx.store.organisations.get(orgId)?.name ?? 'Sandbox Organisation';
		return issueToken(orgId, name, jwtSecret ?? this.ctx.settings.jwtSecret);
	}

	addTemplate(orgId: string, t: TemplateInput): SandboxTemplate {
		if (!t?.name || !t.language || !Array.isArray(t.components)) throw new Error('addTemplate needs name, language and components');
		this.ctx.store.organisation(orgId);
		return createTemplateRecord(this.ctx.store, orgId, t, this.clock.now());
	}

	setTemplateStatus(orgId: string, name: string, language: string, status: string): void {
		const template = templatesOf(this.ctx.store, orgId).find((t) => t.name === name && t.language === language);
		if (!template) throw new Error(`No template ${name} (${language}) in org ${orgId}`);
		template.status = status;
		template.updatedAt = new Date(this.clock.now()).toISOString();
		template.version += 1;
	}

	addSubscriber(orgId: string, s: SubscriberInput): SandboxSubscriber {
		if (!s?.mobileNumber) throw new Error('addSubscriber needs a mobileNumber');
		this.ctx.store.organisation(orgId);
		return createSubscriberRecord(this.ctx.store, orgId, s, this.clock.now());
	}

	simulateInboundMessage(orgId: string, m: InboundMessageInput): Promise<InboundMessageResult> {
		return simulateInboundMessage(this.ctx, orgId, m);
	}

	simulateRead(orgId: string, who: { phone?: string; appUserId?: string }): Promise<void> {
		return simulateRead(this.ctx, orgId, who);
	}

	simulateFlowSubmission(orgId: string, f: { phone: string; name?: string; response: unknown; flowToken?: string }): Promise<InboundMessageResult> {
		return simulateFlowSubmission(this.ctx, orgId, f);
	}

	simulateButtonTap(orgId: string, tap: ButtonTapInput): Promise<ButtonTapResult> {
		return simulateButtonTap(this.ctx, orgId, tap);
	}

	simulateAgentMessage(orgId: string, m: AgentMessageInput): Promise<{ messageId: string; appUserId: string }> {
		return simulateAgentMessage(this.ctx, orgId, m);
	}

	get realism(): Required<RealismSwitches> {
		return {
			phonelessCustomers: this.ctx.settings.phonelessCustomers,
			retryPolicy: this.ctx.dispatcher.getRetryPolicy(),
			repeatStatusEvents: this.ctx.settings.repeatStatusEvents,
		};
	}

	setRealism(r: RealismSwitches): Required<RealismSwitches> {
		if (typeof r !== 'object' || r === null) throw new Error('give the switches to change, e.g. { phonelessCustomers: true }');
		const unknown = Object.keys(r).filter((key) => !['phonelessCustomers', 'retryPolicy', 'repeatStatusEvents'].includes(key));
		if (unknown.length > 0) throw new Error(`unknown realism switch ${unknown.join(', ')}: use phonelessCustomers, retryPolicy, repeatStatusEvents`);
		if (r.retryPolicy !== undefined) this.ctx.dispatcher.setRetryPolicy(r.retryPolicy);
		if (r.phonelessCustomers !== undefined) this.ctx.settings.phonelessCustomers = r.phonelessCustomers === true;
		if (r.repeatStatusEvents !== undefined) this.ctx.settings.repeatStatusEvents = r.repeatStatusEvents === true;
		return this.realism;
	}

	injectFault(f: FaultSpec): void {
		this.faults.add(f);
	}

	clearFaults(): void {
		this.faults.clear();
	}

	setRateLimit(perSecond: number | null): void {
		this.rateLimiter.set(perSecond);
	}

	setDeliveryMode(m: DeliveryMode): void {
		this.ctx.dispatcher.setMode(m);
	}

	sentMessages(orgId?: string): SentMessage[] {
		return this.ctx.store.sent.filter((sent) => orgId === undefined || sent.orgId === orgId);
	}

	notifications(orgId?: string): SandboxNotification[] {
		return this.ctx.store.notifications.filter((n) => orgId === undefined || n.orgId === orgId);
	}

	deliveries(): Delivery[] {
		return [...this.ctx.store.deliveries];
	}

	async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (predicate()) return;
			if (Date.now() >= deadline) {
				throw new Error(
					`sandbox.waitFor timed out after ${timeoutMs} ms; condition still false: ${predicate.toString().slice(0, 200)} ` +
						`(deliveries: ${this.ctx.store.deliveries.length}, notifications: ${this.ctx.store.notifications.map((n) => n.status).join(', ') || 'none'})`,
				);
			}
			await sleep(5);
		}
	}

	webhooks(orgId?: string): SandboxWebhook[] {
		return this.ctx.store.webhooks.filter((w) => orgId === undefined || w.organization === orgId);
	}

	requests(): RequestLogEntry[] {
		return [...this.ctx.store.requests];
	}

	appUsers(orgId?: string): AppUserSummary[] {
		return this.ctx.store.appUsers
			.filter((user) => orgId === undefined || user.orgId === orgId)
			.map((user) => ({
				appUserId: user.appUserId,
				...(user.phoneDigits ? { phone: phoneOf(user) } : {}),
				...(user.businessScopedUserId ? { businessScopedUserId: user.businessScopedUserId } : {}),
				...(user.username ? { username: user.username } : {}),
				...(user.name !== undefined ? { name: user.name } : {}),
				...(user.lastCustomerMessageAt !== undefined ? { lastCustomerMessageAt: user.lastCustomerMessageAt } : {}),
			}));
	}

	/** Everything but organisations: data, logs, faults, rate limit, delivery mode, realism switches, pending steps, clock offset. */
	reset(): void {
		this.ctx.scheduler.cancelAll();
		this.ctx.dispatcher.reset();
		this.ctx.settings.phonelessCustomers = false;
		this.ctx.settings.repeatStatusEvents = false;
		this.ctx.store.clear();
		this.faults.clear();
		this.rateLimiter.set(this.options.rateLimitPerSecond ?? null);
		this.clock.reset();
	}

	/** For the control interface's state page. */
	summary() {
		const store = this.ctx.store;
		return {
			url: this.url,
			defaultOrg: this.defaultOrg,
			organisations: [...store.organisations.values()].map(({ orgId, name }) => ({ orgId, name })),
			clock: { now: this.clock.now(), iso: new Date(this.clock.now()).toISOString() },
			settings: {
				windowEnforcement: this.ctx.settings.windowEnforcement,
				historyRequiresNotification: this.ctx.settings.historyRequiresNotification,
				deliveryDelayMs: this.ctx.settings.deliveryDelayMs,
				rateLimitPerSecond: this.rateLimiter.limit,
				deliveryMode: this.ctx.dispatcher.getMode(),
				realism: this.realism,
			},
			retriesPending: this.ctx.dispatcher.retriesPending(),
			counts: {
				webhooks: store.webhooks.length,
				templates: store.templates.length,
				subscribers: store.subscribers.length,
				appUsers: store.appUsers.length,
				sentMessages: store.sent.length,
				notifications: store.notifications.length,
				deliveries: store.deliveries.length,
				requests: store.requests.length,
			},
		};
	}

	/** For the control interface: the templates / subscribers of an org. */
	templatesOf(orgId: string): SandboxTemplate[] {
		return templatesOf(this.ctx.store, orgId);
	}
}
