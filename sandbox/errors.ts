/**
 * Channel360's error convention (libs/Core): `{ errors: [{ message, field? }] }` with the error's
 * status; anything unexpected becomes a 400 with the thrown message. Handlers throw these and
 * the server turns them into responses.
 */

export interface FieldError {
	message: string;
	field?: string;
}

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {
		super(typeof body === 'object' && body !== null ? JSON.stringify(body) : String(body));
	}

	/** A known error, e.g. BadRequestError ("AppUser not found"). */
	static of(status: number, message: string): ApiError {
		return new ApiError(status, { errors: [{ message }] });
	}

	static badRequest(message: string): ApiError {
		return ApiError.of(400, message);
	}

	static notFound(): ApiError {
		return ApiError.of(404, 'Not Found');
	}

	/** express-validator failures: one entry per failed check. */
	static validation(errors: FieldError[]): ApiError {
		return new ApiError(400, { errors });
	}
}

/** Collects validation failures in request order, then throws them together like express-validator. */
export class Validation {
	private readonly errors: FieldError[] = [];

	fail(field: string, message: string): void {
		this.errors.push({ message, field });
	}

	check(ok: boolean, field: string, message: string): boolean {
		if (!ok) this.fail(field, message);
		return ok;
	}

	throwIfFailed(): void {
		if (this.errors.length > 0) throw ApiError.validation(this.errors);
	}
}

/** What Mongoose says for a malformed id in a path; the real service answers it with 400. */
export function castError(value: string, model: string): ApiError {
	return ApiError.badRequest(`Cast to ObjectId failed for value "${value}" (type string) at path "_id" for model "${model}"`);
}

export const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
