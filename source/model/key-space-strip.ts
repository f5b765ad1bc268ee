import {MAX_HASH_KEY} from './hash-keys.js';
import type {WeighedKey} from './traffic-split.js';

/**
 * The key space cut into equal cells, each with the traffic whose hash keys fall in it: a strip a
 * view colours by traffic, to show where the writes land across (and within) the shards.
 */
export type StripCell = {start: bigint; end: bigint; records: number; bytes: number};

export const STRIP_CELLS = 64;

const KEY_SPACE = MAX_HASH_KEY + 1n;

export function keySpaceStrip(keys: Iterable<WeighedKey>, cells = STRIP_CELLS): StripCell[] {
	const count = BigInt(cells);
	const strip: StripCell[] = Array.from({length: cells}, (_, index) => ({
		start: (BigInt(index) * KEY_SPACE) / count,
		end: ((BigInt(index) + 1n) * KEY_SPACE) / count - 1n,
		records: 0,
		bytes: 0,
	}));
	for (const key of keys) {
		// The key space is 2^128 keys: a shift divides by it.
		const cell = strip[Number((key.hashKey * count) >> 128n)];
		if (cell) {
			cell.records += key.records;
			cell.bytes += key.bytes;
		}
	}
	return strip;
}
