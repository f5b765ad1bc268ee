import {hashKeyOf, parseHashKey} from './hash-keys.js';
import type {UserRecord} from './records.js';
import {recordBytes} from './record-limits.js';

/**
 * The counts capacity is judged from, kept as the records come: per shard and per partition key, the
 * records and bytes of the window and of the busiest second. A shard's records come in the order they
 * arrived (the order of their sequence numbers), so each count keeps only its current second; a
 * record stamped a little earlier than the one before it is counted in that one's second.
 */

/** A second's counts, and the busiest second so far. */
export type SecondCounts = {
	second: number;
	secondRecords: number;
	secondBytes: number;
	peakRecordsPerSecond: number;
	peakBytesPerSecond: number;
};

export type KeyTally = SecondCounts & {
	partitionKey: string;
	/** Where the key's records go: their explicit hash key, or MD5 of the key. */
	hashKey: bigint;
	records: number;
	bytes: number;
};

export type ShardTally = SecondCounts & {
	shardId: string;
	records: number;
	bytes: number;
	keys: Map<string, KeyTally>;
	/** The Kinesis record counted last, for the sub-records of its aggregate that follow it. */
	last?: {sequenceNumber: string; key: KeyTally};
};

export type CapacityTally = {
	readonly shards: ReadonlyMap<string, ShardTally>;
	readonly records: number;
	readonly bytes: number;
	/** Records of one or more shards, each shard's in the order they arrived. */
	add(records: readonly UserRecord[]): void;
};

export function createCapacityTally(): CapacityTally {
	const shards = new Map<string, ShardTally>();
	let records = 0;
	let bytes = 0;
	return {
		shards,
		get records() {
			return records;
		},
		get bytes() {
			return bytes;
		},
		add(batch) {
			for (const record of batch) {
				const shard = shardTally(shards, record.shardId);
				const size = recordBytes(record);
				const second = Math.floor(record.approximateArrivalTimestamp.getTime() / 1000);
				// The write limits count Kinesis records: a KPL aggregate is one, however many user records
				// it carries, and it goes where its first one goes.
				const partOfLast =
					(record.subSequenceNumber ?? 0) > 0 &&
					shard.last?.sequenceNumber === record.sequenceNumber;
				const count = partOfLast ? 0 : 1;
				const key = partOfLast ? shard.last!.key : keyTally(shard, record);
				countIn(shard, second, count, size);
				countIn(key, second, count, size);
				shard.last = {sequenceNumber: record.sequenceNumber, key};
				records += count;
				bytes += size;
			}
		},
	};
}

function shardTally(shards: Map<string, ShardTally>, shardId: string): ShardTally {
	let shard = shards.get(shardId);
	if (!shard) {
		shard = {shardId, records: 0, bytes: 0, keys: new Map(), ...noSeconds()};
		shards.set(shardId, shard);
	}
	return shard;
}

function keyTally(shard: ShardTally, record: UserRecord): KeyTally {
	let key = shard.keys.get(record.partitionKey);
	if (!key) {
		// Written out rather than spread from noSeconds(): a window may hold a key per record.
		key = {
			partitionKey: record.partitionKey,
			hashKey: placementOf(record),
			records: 0,
			bytes: 0,
			second: Number.NEGATIVE_INFINITY,
			secondRecords: 0,
			secondBytes: 0,
			peakRecordsPerSecond: 0,
			peakBytesPerSecond: 0,
		};
		shard.keys.set(record.partitionKey, key);
	}
	return key;
}

/** The hash key a record was placed by, as far as the record tells. */
function placementOf(record: UserRecord): bigint {
	if (record.explicitHashKey !== undefined) {
		const parsed = parseHashKey(record.explicitHashKey);
		if ('key' in parsed) {
			return parsed.key;
		}
	}
	return hashKeyOf(record.partitionKey);
}

function noSeconds(): SecondCounts {
	return {
		second: Number.NEGATIVE_INFINITY,
		secondRecords: 0,
		secondBytes: 0,
		peakRecordsPerSecond: 0,
		peakBytesPerSecond: 0,
	};
}

function countIn(
	counts: SecondCounts & {records: number; bytes: number},
	second: number,
	records: number,
	bytes: number,
) {
	if (second > counts.second) {
		counts.second = second;
		counts.secondRecords = 0;
		counts.secondBytes = 0;
	}
	counts.records += records;
	counts.bytes += bytes;
	counts.secondRecords += records;
	counts.secondBytes += bytes;
	counts.peakRecordsPerSecond = Math.max(counts.peakRecordsPerSecond, counts.secondRecords);
	counts.peakBytesPerSecond = Math.max(counts.peakBytesPerSecond, counts.secondBytes);
}
