import {
	addressRefusal,
	checkMediaUrl,
	hostAllowed,
	mediaPolicyFrom,
	nonPublicAddressKind,
	parseHostList,
} from '../../nodes/Channel360/core/mediaPolicy';

describe('media download policy', () => {
	const policy = mediaPolicyFrom({});

	it('allows the hosts Channel360 and WhatsApp serve media from, and nothing else by default', () => {
		for (const url of [
			'https://media.smooch.io/apps/60d1/conversations/c1/photo.jpg',
			'https://www.channel360.co.za/media/receipt.pdf',
			'https://channel360-template-tags.s3.af-south-1.amazonaws.com/2024-01-30T06%3A28%3A24.894Z-headerImage.jpg',
			'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1',
			'https://scontent.xx.fbcdn.net/v/t61/photo.jpg',
			'https://mmg.whatsapp.net/d/f/voice.enc',
		]) {
			expect(checkMediaUrl(url, policy)).toMatchObject({ ok: true });
		}
		for (const url of ['https://evil.example.com/x.jpg', 'https://smooch.io.evil.example/x.jpg', 'https://notsmooch.io/x.jpg', 'https://s3.amazonaws.com/other-bucket/x.jpg']) {
			expect(checkMediaUrl(url, policy)).toEqual({ ok: false, reason: expect.stringContaining('"Media Hosts" option') });
		}
	});

	it('lets the user add hosts, with * for a whole domain', () => {
		const extended = mediaPolicyFrom({ mediaHosts: 'cdn.example.co.za, *.files.example.com\nhttps://assets.example.org/path' });
		expect(extended.hosts).toEqual(expect.arrayContaining(['cdn.example.co.za', '*.files.example.com', 'assets.example.org']));
		expect(checkMediaUrl('https://cdn.example.co.za/a.jpg', extended)).toMatchObject({ ok: true });
		expect(checkMediaUrl('https://eu.files.example.com/a.jpg', extended)).toMatchObject({ ok: true });
		expect(checkMediaUrl('https://assets.example.org/a.jpg', extended)).toMatchObject({ ok: true });
		expect(checkMediaUrl('https://other.example.co.za/a.jpg', extended)).toMatchObject({ ok: false });
		expect(parseHostList(' , ')).toEqual([]);
		expect(hostAllowed('MEDIA.SMOOCH.IO.', policy.hosts)).toBe(true);
	});

	it.each([
		['http://127.0.0.1:8080/x.jpg', 'loopback'],
		['http://2130706433/x.jpg', 'loopback'],
		['http://0x7f.1/x.jpg', 'loopback'],
		['http://localhost/x.jpg', 'loopback'],
		['http://localhost./x.jpg', 'loopback'],
		['http://api.localhost/x.jpg', 'loopback'],
		['http://[::1]/x.jpg', 'loopback'],
		['http://[::ffff:127.0.0.1]/x.jpg', 'loopback'],
		['http://169.254.169.254/latest/meta-data/', 'link-local'],
		['http://[fe80::1]/x.jpg', 'link-local'],
		['http://10.0.0.5/x.jpg', 'private'],
		['http://172.20.1.1/x.jpg', 'private'],
		['http://192.168.1.10/x.jpg', 'private'],
		['http://[fd00::1]/x.jpg', 'private'],
		['http://0.0.0.0/x.jpg', 'unspecified'],
	])('refuses %s, a %s address, even when the host is on the allow-list', (url, kind) => {
		const listed = mediaPolicyFrom({ mediaHosts: new URL(url).hostname });
		expect(checkMediaUrl(url, listed)).toEqual({ ok: false, reason: expect.stringContaining(`${kind} address`) });
	});

	it('allows a private address only when the user allows private addresses and lists the host', () => {
		const open = mediaPolicyFrom({ allowPrivateMediaAddresses: true });
		expect(checkMediaUrl('http://10.0.0.5/x.jpg', open)).toEqual({ ok: false, reason: expect.stringContaining('"Media Hosts"') });
		expect(checkMediaUrl('http://10.0.0.5/x.jpg', mediaPolicyFrom({ allowPrivateMediaAddresses: true, mediaHosts: '10.0.0.5' }))).toMatchObject({ ok: true });
	});

	it('refuses what is not an http(s) URL', () => {
		expect(checkMediaUrl('file:///etc/passwd', policy)).toEqual({ ok: false, reason: expect.stringContaining('file, not http or https') });
		expect(checkMediaUrl('not a url', policy)).toEqual({ ok: false, reason: 'the media URL is not a valid URL' });
	});

	it('refuses a connection that reached a non-public address, whatever the name resolved through', () => {
		expect(addressRefusal('media.smooch.io', '127.0.0.1', policy)).toMatch(/resolved to 127\.0\.0\.1, a loopback address/);
		expect(addressRefusal('media.smooch.io', '::ffff:10.1.2.3', policy)).toMatch(/a private address/);
		expect(addressRefusal('media.smooch.io', '64:ff9b::a9fe:a9fe', policy)).toMatch(/a link-local address/);
		expect(addressRefusal('media.smooch.io', '3.5.140.2', policy)).toBeUndefined();
		expect(addressRefusal('media.smooch.io', '2600:1f18::1', policy)).toBeUndefined();
		expect(addressRefusal('media.smooch.io', '127.0.0.1', mediaPolicyFrom({ allowPrivateMediaAddresses: true }))).toBeUndefined();
	});

	it('classifies public addresses as public', () => {
		for (const address of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2a03:2880:f12f:83:face:b00c::25de']) {
			expect(nonPublicAddressKind(address)).toBeUndefined();
		}
	});

	it('has sane defaults: 16 MB and 30 seconds, and ignores nonsense', () => {
		expect(policy).toMatchObject({ maxBytes: 16 * 1024 * 1024, timeoutMs: 30_000, allowPrivateAddresses: false });
		expect(mediaPolicyFrom({ maxMediaSizeMb: -1, mediaTimeoutSeconds: Number.NaN })).toMatchObject({ maxBytes: 16 * 1024 * 1024, timeoutMs: 30_000 });
	});
});
