import { isObjectId } from '../../nodes/Channel360/core/objectId';

// Template → Update/Delete and the Subscriber operations take an ID or, in its place, a name or
// a phone number: this is what tells them apart.
describe('telling a Channel360 ID from a name or a phone number', () => {
	it('takes 24 hex digits, in either case, as an ID', () => {
		expect(isObjectId('64f1c0ffee0123456789ab01')).toBe(true);
		expect(isObjectId('64F1C0FFEE0123456789AB01')).toBe(true);
	});

	it('takes a template name, a phone number or a near-miss as no ID', () => {
		expect(isObjectId('order_shipped')).toBe(false);
		expect(isObjectId('+27821234567')).toBe(false);
		expect(isObjectId('082 123 4567')).toBe(false);
		expect(isObjectId('64f1c0ffee0123456789ab0')).toBe(false);
		expect(isObjectId('64f1c0ffee0123456789ab012')).toBe(false);
		expect(isObjectId('64f1c0ffee0123456789abzz')).toBe(false);
		expect(isObjectId(' 64f1c0ffee0123456789ab01')).toBe(false);
	});
});
