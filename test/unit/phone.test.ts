import { FieldError } from '../../nodes/Channel360/core/fieldError';
import { toInternationalPhone } from '../../nodes/Channel360/core/phone';

function refusal(value: unknown, country?: string): FieldError {
	try {
		toInternationalPhone(value, 'Phone Number', country);
	} catch (error) {
		return error as FieldError;
	}
	throw new Error(`${String(value)} was accepted`);
}

describe('phone numbers with a default country', () => {
	it('reads a South African local number as +27 (the default country is ZA)', () => {
		expect(toInternationalPhone('0821234567')).toBe('+27821234567');
		expect(toInternationalPhone('082 123 4567')).toBe('+27821234567');
		expect(toInternationalPhone('(082) 123-4567', 'Phone Number', 'ZA')).toBe('+27821234567');
	});

	it('leaves international numbers as they are, whatever the default country', () => {
		for (const country of ['ZA', 'GB', 'none']) {
			expect(toInternationalPhone('+27 82 123 4567', 'Phone Number', country)).toBe('+27821234567');
			expect(toInternationalPhone('0027821234567', 'Phone Number', country)).toBe('+27821234567');
			expect(toInternationalPhone('+44 7400 123456', 'Phone Number', country)).toBe('+447400123456');
		}
		// Channel360 and WhatsApp give numbers as international digits without the +.
		expect(toInternationalPhone('27821234567')).toBe('+27821234567');
		expect(toInternationalPhone(27821234567)).toBe('+27821234567');
	});

	it('drops the written-but-not-dialled (0) after the country code', () => {
		expect(toInternationalPhone('+27 (0)82 123 4567')).toBe('+27821234567');
	});

	it('reads local numbers in another default country', () => {
		expect(toInternationalPhone('07400 123456', 'Phone Number', 'GB')).toBe('+447400123456');
		expect(toInternationalPhone('081 234 5678', 'Phone Number', 'NA')).toBe('+264812345678');
		expect(toInternationalPhone('71 234 567', 'Phone Number', 'BW')).toBe('+26771234567');
	});

	it('never sends a local number as +0…: without a default country it is refused with the fix', () => {
		const error = refusal('0821234567', 'none');
		expect(error.field).toBe('Phone Number');
		expect(error.message).toBe('Phone Number "0821234567" looks like a local number, and the credential has no Default Country to read it in');
		expect(error.hint).toMatch(/international format \(e\.g\. \+27821234567\), or set Default Country on the Channel360 credential/);
	});

	it('refuses a local number of the wrong length, naming the country and the expected digits', () => {
		const error = refusal('082123456');
		expect(error.message).toBe('Phone Number "082123456" is not a South Africa number: a local number there has 9 digits after the leading 0');
		expect(refusal('08212345678').message).toMatch(/not a South Africa number/);
	});

	it('refuses a +27 number of the wrong length', () => {
		expect(refusal('+2782123456').message).toBe('Phone Number "+2782123456" is not a South Africa number: +27 is followed by 9 digits');
	});

	it('refuses what is not a phone number, naming the field', () => {
		expect(refusal('call me').message).toMatch(/^Phone Number "call me" is not a phone number/);
		expect(refusal('+27 82 123 4567 ext 3').message).toMatch(/is not a phone number/);
		expect(refusal('').message).toBe('Phone Number is empty');
		expect(refusal(undefined).message).toBe('Phone Number is empty');
		expect(refusal('+1234').message).toBe('Phone Number "+1234" is not a phone number: it has 4 digits, an international number has 8 to 15 (country code included)');
	});
});
