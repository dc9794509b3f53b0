/**
 * Everything the sandbox remembers, in memory. Organisations survive reset(); all the rest is
 * per test. Records are kept in creation order; lookups are linear because a sandbox holds
 * hundreds of records at most.
 */
import { derivedObjectId, objectId, uuid } from './ids';
import type { Delivery, RequestLogEntry, SandboxNotification, SandboxSubscriber, SandboxTemplate, SandboxWebhook, SentMessage } from './types';

export interface Organisation {
	orgId: string;
	name: string;
	/** The Smooch app, integration and business (appMaker) ids linked to the org. */
	appId: string;
	integrationId: string;
	appMakerId: string;
	/** The organisation's Settings texts Channel360 sends after an opt keyword (absent: the source's defaults). */
	optOutMessage?: string;
	optInMessage?: string;
}

/** A Smooch v1.1 message as it appears in webhooks and history. */
export interface SmoochMessage {
	_id: string;
	role: 'appUser' | 'appMaker';
	type: string;
	text?: string;
	received: number;
	source: Record<string, unknown>;
	[key: string]: unknown;
}

export interface StoredMessage {
	/** Virtual epoch ms, used for the window arithmetic. */
	at: number;
	message: SmoochMessage;
}

/** A Smooch appUser (the customer) with its one conversation. */
export interface AppUserRecord {
	appUserId: string;
	orgId: string;
	/** Digits only, e.g. 27821234567 (WhatsApp's externalId); undefined for a customer who hides their number. */
	phoneDigits?: string;
	/** Meta's business-scoped user id, e.g. ZA.13491208655302741918: the only id of a customer who hides their number. */
	businessScopedUserId?: string;
	/** The customer's WhatsApp username, when they chose one. */
	username?: string;
	name?: string;
	conversationId: string;
	/** The WhatsApp client id Smooch gives the channel. */
	clientId: string;
	/**
	 * Channel360 writes its own AppUser row only when a notification reaches
	 * notification:delivery:channel; history by phone depends on that row.
	 */
	knownToChannel360: boolean;
	messages: StoredMessage[];
	lastCustomerMessageAt?: number;
}

export const phoneDigits = (value: string): string => String(value).replace(/\D/g, '');
export const e164 = (digits: string): string => `+${digits}`;
/** E.164 of a customer, or undefined for one who hides their number. */
export const phoneOf = (user: { phoneDigits?: string }): string | undefined => (user.phoneDigits ? e164(user.phoneDigits) : undefined);
/** How log lines name a customer. */
export const customerLabel = (user: AppUserRecord): string =>
	user.phoneDigits ? `+${user.phoneDigits}` : `${user.username ?? user.businessScopedUserId ?? user.appUserId} (no phone)`;

/** Channel360's Settings model defaults (organization service). */
export const DEFAULT_OPT_OUT_MESSAGE = 'You have successfully opted out of our marketing list.';
export const DEFAULT_OPT_IN_MESSAGE = 'You have successfully opted into our marketing list.';

export class SandboxStore {
	readonly organisations = new Map<string, Organisation>();
	webhooks: SandboxWebhook[] = [];
	templates: SandboxTemplate[] = [];
	subscribers: SandboxSubscriber[] = [];
	appUsers: AppUserRecord[] = [];
	notifications: SandboxNotification[] = [];
	sent: SentMessage[] = [];
	deliveries: Delivery[] = [];
	requests: RequestLogEntry[] = [];

	/** Clears everything except organisations. */
	clear(): void {
		this.webhooks = [];
		this.templates = [];
		this.subscribers = [];
		this.appUsers = [];
		this.notifications = [];
		this.sent = [];
		this.deliveries = [];
		this.requests = [];
	}

	organisation(orgId: string, name?: string): Organisation {
		let org = this.organisations.get(orgId);
		if (!org) {
			// Derived ids keep the Smooch side of an org stable across sandbox restarts.
			org = {
				orgId,
				name: name ?? 'Sandbox Organisation',
				appId: derivedObjectId(`${orgId}:app`),
				integrationId: derivedObjectId(`${orgId}:whatsapp`),
				appMakerId: derivedObjectId(`${orgId}:appMaker`),
			};
			this.organisations.set(orgId, org);
		}
		return org;
	}

	appUserById(orgId: string, appUserId: string): AppUserRecord | undefined {
		return this.appUsers.find((user) => user.orgId === orgId && user.appUserId === appUserId);
	}

	appUserByPhone(orgId: string, phone: string): AppUserRecord | undefined {
		const digits = phoneDigits(phone);
		return this.appUsers.find((user) => user.orgId === orgId && user.phoneDigits !== undefined && user.phoneDigits === digits);
	}

	appUserByBusinessScopedId(orgId: string, businessScopedUserId: string): AppUserRecord | undefined {
		return this.appUsers.find((user) => user.orgId === orgId && user.businessScopedUserId === businessScopedUserId);
	}

	/** A customer who hides their number: Smooch knows them by the business-scoped user id only. */
	ensurePhonelessAppUser(orgId: string, identity: { businessScopedUserId: string; username?: string }, at: number, name?: string): AppUserRecord {
		const existing = this.appUserByBusinessScopedId(orgId, identity.businessScopedUserId);
		if (existing && identity.username) existing.username = identity.username;
		return this.existingOrNew(existing, orgId, at, name, {
			businessScopedUserId: identity.businessScopedUserId,
			...(identity.username ? { username: identity.username } : {}),
		});
	}

	/** Smooch creates the appUser the first time a number writes in or is sent a notification. */
	ensureAppUser(orgId: string, phone: string, at: number, name?: string): AppUserRecord {
		return this.existingOrNew(this.appUserByPhone(orgId, phone), orgId, at, name, { phoneDigits: phoneDigits(phone) });
	}

	private existingOrNew(
		existing: AppUserRecord | undefined,
		orgId: string,
		at: number,
		name: string | undefined,
		identity: Pick<AppUserRecord, 'phoneDigits' | 'businessScopedUserId' | 'username'>,
	): AppUserRecord {
		if (existing) {
			if (name) existing.name = name;
			return existing;
		}
		const created: AppUserRecord = {
			appUserId: objectId(at),
			orgId,
			...identity,
			name,
			conversationId: objectId(at),
			clientId: uuid(),
			knownToChannel360: false,
			messages: [],
		};
		this.appUsers.push(created);
		return created;
	}

	subscriberByPhone(orgId: string, phone: string): SandboxSubscriber | undefined {
		const digits = phoneDigits(phone);
		return this.subscribers.find((s) => s.organization === orgId && phoneDigits(s.mobileNumber) === digits);
	}
}
