import { optInFromField, optInFromSubscribers } from '../../nodes/Channel360/core/optIn';
import { optStatusUpdate, subscriberWithPhone } from '../../nodes/Channel360/core/subscribers';

const records = [
	{ id: 's1', mobileNumber: '+278212345670', optInStatus: true },
	{ id: 's2', mobileNumber: '+27821234567', optInStatus: false, firstName: 'Thandi' },
	{ id: 's3', mobileNumber: '+27829999999', optInStatus: true },
];

describe('opt-in decisions', () => {
	it('matches the exact number among the search hits (the search is a substring match)', () => {
		expect(subscriberWithPhone(records, '27821234567')?.id).toBe('s2');
		expect(subscriberWithPhone(records, '+27 82 999 9999')?.id).toBe('s3');
		expect(subscriberWithPhone(records, '+27820000000')).toBeUndefined();
	});

	it('sends only to a subscriber who is opted in, and says why not otherwise', () => {
		expect(optInFromSubscribers('+27829999999', records)).toEqual({ optedIn: true, reason: 'the Channel360 subscriber is opted in', subscriberId: 's3' });
		expect(optInFromSubscribers('+27821234567', records)).toMatchObject({ optedIn: false, reason: expect.stringMatching(/has opted out/) });
		expect(optInFromSubscribers('+27820000000', records)).toMatchObject({ optedIn: false, reason: expect.stringMatching(/not in the Channel360 subscriber list/) });
	});

	it('treats a subscriber whose opt-in was cleared as not opted in', () => {
		expect(optInFromSubscribers('+27821111111', [{ mobileNumber: '+27821111111' }]).optedIn).toBe(false);
	});

	it('reads a mapped field: only true-like values count', () => {
		for (const yes of [true, 'true', 'Yes', 1, 'opted in']) expect(optInFromField(yes).optedIn).toBe(true);
		for (const no of [false, 'false', 0, '', null, undefined, 'maybe']) expect(optInFromField(no).optedIn).toBe(false);
		expect(optInFromField(undefined).reason).toBe('the mapped Opted In value is null, not true');
	});

	it('re-sends the whole subscriber when opting in or out, since PUT clears what it is not given', () => {
		expect(optStatusUpdate(records[1], true)).toEqual({ mobileNumber: '+27821234567', optInStatus: true, firstName: 'Thandi' });
		expect(optStatusUpdate(records[0], false)).toEqual({ mobileNumber: '+278212345670', optInStatus: false });
	});
});
