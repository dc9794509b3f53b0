/**
 * Which media URLs the trigger may download. A delivery names the URL, and whoever can post
 * to the webhook could name an internal address (a metadata service, an admin API), so the
 * trigger fetches only from the hosts Channel360 and WhatsApp serve media from, or hosts the
 * user adds, and never from loopback, link-local or private addresses unless the user allows
 * them. Pure: the n8n glue checks the address it actually connected to with `addressRefusal`.
 */

/**
 * Where Channel360 customers' media lives (docs/channel360-api.md, "Media hosts"):
 * - Smooch re-hosts what a customer sends on its media CDN (`media.smooch.io` in Smooch's
 *   and our examples) [documented: Smooch examples]; other `*.smooch.io` hosts [inferred];
 * - Channel360's own hosts and the S3 bucket its platform keeps template media in [from source];
 * - WhatsApp's own media hosts: Meta's lookaside and CDN hosts [inferred].
 */
export const DEFAULT_MEDIA_HOSTS: readonly string[] = [
	'*.smooch.io',
	'*.channel360.co.za',
	'channel360-template-tags.s3.af-south-1.amazonaws.com',
	'lookaside.fbsbx.com',
	'*.fbcdn.net',
	'*.whatsapp.net',
];

export const DEFAULT_MAX_MEDIA_MB = 16;
export const DEFAULT_MEDIA_TIMEOUT_SECONDS = 30;

export interface MediaPolicy {
	/** Host names, or `*.example.com` for the domain and every host under it. */
	hosts: readonly string[];
	allowPrivateAddresses: boolean;
	maxBytes: number;
	timeoutMs: number;
}

export interface MediaPolicyOptions {
	mediaHosts?: string;
	allowPrivateMediaAddresses?: boolean;
	maxMediaSizeMb?: number;
	mediaTimeoutSeconds?: number;
}

/** The user's comma or newline separated host list, lower-cased, without schemes or paths. */
export function parseHostList(text: string | undefined): string[] {
	return (text ?? '')
		.split(/[\s,]+/)
		.map((entry) =>
			entry
				.trim()
				.toLowerCase()
				.replace(/^[a-z]+:\/\//, '')
				.replace(/[/?#].*$/, ''),
		)
		.filter((entry) => entry !== '');
}

export function mediaPolicyFrom(options: MediaPolicyOptions): MediaPolicy {
	const megabytes = Number(options.maxMediaSizeMb);
	const seconds = Number(options.mediaTimeoutSeconds);
	return {
		hosts: [...DEFAULT_MEDIA_HOSTS, ...parseHostList(options.mediaHosts)],
		allowPrivateAddresses: options.allowPrivateMediaAddresses === true,
		maxBytes: Math.round((Number.isFinite(megabytes) && megabytes > 0 ? megabytes : DEFAULT_MAX_MEDIA_MB) * 1024 * 1024),
		timeoutMs: Math.round((Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_MEDIA_TIMEOUT_SECONDS) * 1000),
	};
}

export function hostAllowed(host: string, patterns: readonly string[]): boolean {
	const name = host.toLowerCase().replace(/\.$/, '');
	return patterns.some((pattern) => {
		if (!pattern.startsWith('*.')) return name === pattern;
		const domain = pattern.slice(2);
		return name === domain || name.endsWith(`.${domain}`);
	});
}

function ipv4Octets(address: string): number[] | undefined {
	const parts = address.split('.');
	if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
	const octets = parts.map(Number);
	return octets.every((octet) => octet <= 255) ? octets : undefined;
}

/** What kind of non-public IPv4 address this is, or undefined for a public one. */
function ipv4Kind([a, b]: number[]): string | undefined {
	if (a === 127) return 'loopback';
	if (a === 169 && b === 254) return 'link-local';
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
	if (a === 100 && b >= 64 && b <= 127) return 'private (carrier-grade NAT)';
	if (a === 0) return 'unspecified';
	if (a >= 224) return 'multicast or reserved';
	if ((a === 198 && (b === 18 || b === 19)) || (a === 192 && b === 0)) return 'reserved';
	return undefined;
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail included), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
	let text = address.toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
	const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	if (tail) {
		const octets = ipv4Octets(tail[1]);
		if (!octets) return undefined;
		text = `${text.slice(0, -tail[1].length)}${((octets[0] << 8) | octets[1]).toString(16)}:${((octets[2] << 8) | octets[3]).toString(16)}`;
	}
	const halves = text.split('::');
	if (halves.length > 2) return undefined;
	const parse = (half: string) => (half === '' ? [] : half.split(':').map((group) => (/^[0-9a-f]{1,4}$/.test(group) ? parseInt(group, 16) : NaN)));
	const head = parse(halves[0]);
	const rest = halves.length === 2 ? parse(halves[1]) : [];
	const missing = 8 - head.length - rest.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
	const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...rest];
	return groups.every(Number.isFinite) ? groups : undefined;
}

/**
 * Loopback, link-local, private, unspecified or reserved: what kind of non-public address an IP
 * address is, or undefined when it is a public address or not an IP address at all.
 */
export function nonPublicAddressKind(address: string): string | undefined {
	const octets = ipv4Octets(address);
	if (octets) return ipv4Kind(octets);
	const groups = ipv6Groups(address);
	if (!groups) return undefined;
	const [first] = groups;
	// ::ffff:a.b.c.d (IPv4-mapped) and 64:ff9b::a.b.c.d (NAT64) reach the IPv4 address inside.
	const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
	const nat64 = first === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0);
	if (mapped || nat64) return ipv4Kind([groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff]);
	if (groups.slice(0, 7).every((group) => group === 0)) return groups[7] === 1 ? 'loopback' : groups[7] === 0 ? 'unspecified' : undefined;
	if ((first & 0xffc0) === 0xfe80) return 'link-local';
	if ((first & 0xfe00) === 0xfc00) return 'private';
	if ((first & 0xff00) === 0xff00) return 'multicast or reserved';
	return undefined;
}

const isIpLiteral = (host: string): boolean => ipv4Octets(host) !== undefined || ipv6Groups(host) !== undefined;

export type MediaUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

const FIX_HOSTS = 'add the host to the trigger\'s "Media Hosts" option if you trust it';

/** Whether the trigger may request this URL: scheme, host name on the allow-list, no private address. */
export function checkMediaUrl(text: string, policy: MediaPolicy): MediaUrlCheck {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, reason: 'the media URL is not a valid URL' };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return { ok: false, reason: `the media URL uses ${url.protocol.replace(':', '')}, not http or https` };
	}
	// URL has already turned the other spellings of an address (2130706433, 0x7f.1) into a.b.c.d.
	const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	const kind = host === 'localhost' || host.endsWith('.localhost') ? 'loopback' : nonPublicAddressKind(host);
	if (kind && !policy.allowPrivateAddresses) {
		return {
			ok: false,
			reason: `the media URL points at ${host}, a ${kind} address, which the trigger never downloads from unless "Allow Private Network Addresses" is on`,
		};
	}
	if (!hostAllowed(host, policy.hosts)) {
		const what = isIpLiteral(host) ? 'an IP address' : 'a host';
		return { ok: false, reason: `the media URL is on ${what} (${host}) Channel360 and WhatsApp do not serve media from: ${FIX_HOSTS}` };
	}
	return { ok: true, url };
}

/**
 * Why the address the download actually connected to is refused, if it is: a host name on the
 * allow-list can still resolve, or be made to resolve (DNS rebinding), to an internal address.
 */
export function addressRefusal(host: string, address: string | undefined, policy: MediaPolicy): string | undefined {
	if (address === undefined || policy.allowPrivateAddresses) return undefined;
	const kind = nonPublicAddressKind(address);
	return kind
		? `${host} resolved to ${address}, a ${kind} address, which the trigger never downloads from unless "Allow Private Network Addresses" is on`
		: undefined;
}
