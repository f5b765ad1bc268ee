import {hashKeyOf, parseHashKey, shardForHashKey} from './hash-keys.js';
import type {Shard} from './shard.js';

/** The shards that take records: a shard closed by a split or a merge has an ending sequence number. */
export function openShards(shards: readonly Shard[]): Shard[] {
	return shards.filter((shard) => shard.sequenceNumberRange.end === undefined);
}

export type Placement = {hashKey: bigint; shard?: Shard};

/**
 * Where Kinesis will put a record: the explicit hash key when there is one, else MD5 of the
 * partition key, in the open shard whose range holds it. Undefined while neither is usable.
 */
export function placeRecord(
	open: readonly Shard[],
	{partitionKey, explicitHashKey}: {partitionKey: string; explicitHashKey?: string},
): Placement | undefined {
	let hashKey: bigint;
	if (explicitHashKey !== undefined && explicitHashKey.trim() !== '') {
		const parsed = parseHashKey(explicitHashKey);
		if ('error' in parsed) {
			return undefined;
		}
		hashKey = parsed.key;
	} else if (partitionKey !== '') {
		hashKey = hashKeyOf(partitionKey);
	} else {
		return undefined;
	}
	return {hashKey, shard: shardForHashKey(open, hashKey)};
}
