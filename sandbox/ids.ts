/**
 * Identifiers in the formats the real platform uses, so nodes' parsers see realistic values:
 * Mongo ObjectIds (24 hex) for Channel360 and Smooch documents, wamids for WhatsApp messages.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

let counter = randomBytes(3).readUIntBE(0, 3);
const processPart = randomBytes(5).toString('hex');

/** A Mongo-style ObjectId: 4 bytes of seconds, 5 random bytes, a 3-byte counter. */
export function objectId(atMs: number = Date.now()): string {
	counter = (counter + 1) % 0xffffff;
	const seconds = Math.floor(atMs / 1000) >>> 0;
	return seconds.toString(16).padStart(8, '0') + processPart + counter.toString(16).padStart(6, '0');
}

export function isObjectId(value: string): boolean {
	return /^[0-9a-f]{24}$/i.test(value);
}

/** A stable ObjectId-shaped id derived from a seed (Smooch app / integration ids of an org). */
export function derivedObjectId(seed: string): string {
	return createHash('sha256').update(seed).digest('hex').slice(0, 24);
}

export function whatsappMessageId(): string {
	return `wamid.${randomBytes(18).toString('base64url')}`;
}

export function uuid(): string {
	return randomUUID();
}

/** Meta's numeric template ids. */
export function metaTemplateId(): string {
	return String(1_000_000_000_000 + Math.floor(Math.random() * 8_999_999_999_999));
}
