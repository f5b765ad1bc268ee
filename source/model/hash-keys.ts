import crypto from 'node:crypto';

/**
 * Kinesis places a record by MD5 of its partition key, read as a 128-bit unsigned integer, in the
 * shard whose hash key range holds it (or by an explicit hash key in the same space).
 */

export type HashKeyRange = {start: bigint; end: bigint};

export const MAX_HASH_KEY = 2n ** 128n - 1n;
const KEY_SPACE = MAX_HASH_KEY + 1n;

export function hashKeyOf(partitionKey: string): bigint {
	return BigInt(`0x${md5Hex(partitionKey)}`);
}

/**
 * crypto.hash (Node 20.12 on) hashes in one call, in half the time of createHash: capacity hashes
 * every key of a window. A string is hashed as its UTF-8 bytes either way.
 */
const md5Hex: (text: string) => string =
	typeof crypto.hash === 'function'
		? (text) => crypto.hash('md5', text, 'hex')
		: (text) => crypto.createHash('md5').update(text, 'utf8').digest('hex');

export function rangeHolds(range: HashKeyRange, hashKey: bigint): boolean {
	return range.start <= hashKey && hashKey <= range.end;
}

/** The shard among the given (open) shards whose range holds the key. */
export function shardForHashKey<T extends {hashKeyRange: HashKeyRange}>(
	shards: readonly T[],
	hashKey: bigint,
): T | undefined {
	return shards.find((shard) => rangeHolds(shard.hashKeyRange, hashKey));
}

/** Where a split divides a range into two halves of equal size; undefined if it holds one key. */
export function splitMidpoint(range: HashKeyRange): bigint | undefined {
	const midpoint = range.start + (range.end - range.start + 1n) / 2n;
	return isValidSplitKey(range, midpoint) ? midpoint : undefined;
}

/** SplitShard's new starting hash key must lie above the range's start and within its end. */
export function isValidSplitKey(range: HashKeyRange, key: bigint): boolean {
	return range.start < key && key <= range.end;
}

/** The fraction (0 … 1) of the whole key space that a range covers. */
export function keySpaceShare(range: HashKeyRange): number {
	// Scaled by 1e6 in bigint first: the sizes are far beyond a double's exact integers.
	return Number(((range.end - range.start + 1n) * 1_000_000n) / KEY_SPACE) / 1_000_000;
}

/** A hash key typed by a person: a decimal from 0 to 2^128−1, or the reason it is not one. */
export function parseHashKey(text: string): {key: bigint} | {error: string} {
	const trimmed = text.trim();
	if (!/^\d+$/.test(trimmed)) {
		return {error: 'A hash key is a decimal number from 0 to 2^128−1.'};
	}
	const key = BigInt(trimmed);
	if (key > MAX_HASH_KEY) {
		return {error: `A hash key is at most 2^128−1 (${MAX_HASH_KEY}).`};
	}
	return {key};
}

/**
 * A 39-digit key short enough for a tree row: small keys whole, large ones as three significant
 * digits and a power of ten (8.51e37), never rounded up past the key itself.
 */
export function shortHashKey(key: bigint): string {
	const digits = key.toString();
	if (digits.length <= 6) {
		return digits;
	}
	return `${digits[0]}.${digits.slice(1, 3)}e${digits.length - 1}`;
}

/** A range as two short keys: 0…8.51e37. */
export function shortRange(range: HashKeyRange): string {
	return `${shortHashKey(range.start)}…${shortHashKey(range.end)}`;
}

/** The key space share as a percentage for people: 25%, 12.5%, 0.39%, <0.01%. */
export function sharePercent(range: HashKeyRange): string {
	return fractionPercent(keySpaceShare(range));
}

/** A share of the key space (0 … 1) as sharePercent writes it. */
export function fractionPercent(share: number): string {
	const percent = share * 100;
	if (percent < 0.01) {
		return '<0.01%';
	}
	return `${percent.toFixed(percent >= 10 ? 1 : 2).replace(/\.?0+$/, '')}%`;
}
