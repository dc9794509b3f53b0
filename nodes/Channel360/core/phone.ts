/**
 * Phone numbers as Channel360 keys them: digits only (WhatsApp numbers in international form,
 * without the leading `+`). Pure.
 */

/** The digits of a number as people write it: `+27 82 123 4567` → `27821234567`. */
export const digitsOf = (phone: string): string => phone.replace(/\D/g, '');
