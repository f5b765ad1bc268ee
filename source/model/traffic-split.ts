import {type HashKeyRange, isValidSplitKey} from './hash-keys.js';

/**
 * Where to split a shard so that each of its two children takes half of the traffic it was seen to
 * take, from the hash keys of its records. A split can only fall between hash keys: every record of
 * one partition key goes to the same child, so a key that carries most of a shard's traffic leaves
 * one side heavier, whatever the split.
 */

/** A hash key and the traffic seen on it. */
export type WeighedKey = {hashKey: bigint; records: number; bytes: number};

export type TrafficSplit = {
	/** SplitShard's NewStartingHashKey: the first hash key of the upper child. */
	hashKey: bigint;
	/** The share of the shard's records below it (they go to the lower child). */
	lowerShare: number;
	/** The share of the shard's bytes below it. */
	lowerBytesShare: number;
	/** What was halved: records, or bytes where the shard comes nearer its bytes limit. */
	weighedBy: 'records' | 'bytes';
};

/**
 * The split that comes nearest to halving the keys' traffic by `weighedBy`, or undefined when the
 * traffic sits on a single hash key (no split divides it). The new starting hash key lies halfway
 * between the two hash keys it falls between: keys not seen in the window are as likely to land on
 * either side of it.
 */
export function trafficSplit(
	keys: readonly WeighedKey[],
	range: HashKeyRange,
	weighedBy: 'records' | 'bytes',
): TrafficSplit | undefined {
	// Sorted by the keys' top 53 bits as plain numbers, the whole keys only where those are equal:
	// comparing big integers is what a sort of a window's keys spent most of its time on.
	const byPrefix = keys.map((key) => ({key, prefix: Number(key.hashKey >> 75n)}));
	byPrefix.sort(
		(a, b) =>
			a.prefix - b.prefix ||
			(a.key.hashKey < b.key.hashKey ? -1 : a.key.hashKey > b.key.hashKey ? 1 : 0),
	);
	const sorted: WeighedKey[] = [];
	for (const {key} of byPrefix) {
		const last = sorted.at(-1);
		if (last?.hashKey === key.hashKey) {
			sorted[sorted.length - 1] = {
				hashKey: key.hashKey,
				records: last.records + key.records,
				bytes: last.bytes + key.bytes,
			};
		} else {
			sorted.push(key);
		}
	}
	if (sorted.length < 2) {
		return undefined;
	}
	const weight = (key: WeighedKey) => (weighedBy === 'records' ? key.records : key.bytes);
	const total = sorted.reduce((sum, key) => sum + weight(key), 0);
	let below = 0;
	let best = {index: 0, distance: Number.POSITIVE_INFINITY};
	for (let index = 0; index < sorted.length - 1; index++) {
		below += weight(sorted[index] as WeighedKey);
		const distance = Math.abs(2 * below - total);
		if (distance < best.distance) {
			best = {index, distance};
		}
	}
	const lower = sorted.slice(0, best.index + 1);
	const low = (sorted[best.index] as WeighedKey).hashKey;
	const high = (sorted[best.index + 1] as WeighedKey).hashKey;
	const hashKey = (low + high + 1n) / 2n;
	if (!isValidSplitKey(range, hashKey)) {
		return undefined;
	}
	const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
	const sum = (list: readonly WeighedKey[], field: 'records' | 'bytes') =>
		list.reduce((total, key) => total + key[field], 0);
	return {
		hashKey,
		lowerShare: share(sum(lower, 'records'), sum(sorted, 'records')),
		lowerBytesShare: share(sum(lower, 'bytes'), sum(sorted, 'bytes')),
		weighedBy,
	};
}
