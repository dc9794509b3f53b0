/** Channel360's ids (templates, subscribers) are MongoDB ObjectIds: 24 hex digits. */
export function isObjectId(value: string): boolean {
	return /^[0-9a-f]{24}$/i.test(value);
}
