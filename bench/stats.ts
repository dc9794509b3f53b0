/** Small statistics for interleaved rounds: medians of per-round ratios, never one absolute time. */

export function median(values: readonly number[]): number {
	const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
	if (finite.length === 0) return Number.NaN;
	const middle = Math.floor(finite.length / 2);
	return finite.length % 2 === 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
	return sorted[rank - 1];
}

export function ratio(numerator: number, denominator: number): number {
	return denominator === 0 ? Number.NaN : numerator / denominator;
}

/** Fixed decimals for tables; "n/a" for what could not be measured. */
export function fixed(value: number | undefined, digits = 2): string {
	return value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}
