import {describe, expect, it} from 'vitest';
import {capacityReport} from '../../source/model/capacity.js';
import {createCapacityTally} from '../../source/model/capacity-tally.js';
import {hashKeyOf, MAX_HASH_KEY} from '../../source/model/hash-keys.js';
import type {UserRecord} from '../../source/model/records.js';
import type {Shard} from '../../source/model/shard.js';

const QUARTER = 2n ** 126n;
const id = (index: number) => `shardId-${String(index).padStart(12, '0')}`;
const quarters: Shard[] = [0, 1, 2, 3].map((index) => ({
	shardId: id(index),
	hashKeyRange: {start: BigInt(index) * QUARTER, end: (BigInt(index) + 1n) * QUARTER - 1n},
	sequenceNumberRange: {start: '0'},
}));

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const window = {from: new Date(T0), until: new Date(T0 + 300_000)};
let sequence = 0;

/**
 * A record in shard `index`, written `atMs` after the window's start, with `bytes` of data; placed
 * by an explicit hash key `offset` into its shard's range.
 */
function record(
	index: number,
	partitionKey: string,
	atMs: number,
	{bytes = 10, offset = 1000n}: {bytes?: number; offset?: bigint} = {},
): UserRecord {
	return {
		shardId: id(index),
		sequenceNumber: String(++sequence),
		partitionKey,
		explicitHashKey: String(BigInt(index) * QUARTER + offset),
		approximateArrivalTimestamp: new Date(T0 + atMs),
		data: new Uint8Array(bytes),
	};
}

function times<T>(count: number, make: (index: number) => T): T[] {
	return Array.from({length: count}, (_, index) => make(index));
}

function report(records: UserRecord[], {onDemand = false, shards = quarters} = {}) {
	const tally = createCapacityTally();
	tally.add(records);
	return capacityReport({tally, shards, ...window, onDemand});
}

const shardOf = (result: ReturnType<typeof report>, index: number) =>
	result.shards.find((shard) => shard.shardId === id(index))!;

describe('the counts', () => {
	it('count records and bytes with their partition keys, means over the window, the busiest second', () => {
		const records = [
			...times(30, (n) => record(0, 'a', 1000 + n, {bytes: 99})),
			...times(10, (n) => record(0, 'é', 2500 + n, {bytes: 98})),
			record(0, 'a', 200_000, {bytes: 99}),
		];
		const shard = shardOf(report(records), 0);
		// 'a' is one byte and 'é' two: 100 bytes a record.
		expect(shard).toMatchObject({records: 41, bytes: 4100, peakRecordsPerSecond: 30});
		expect(shard.peakBytesPerSecond).toBe(3000);
		expect(shard.recordsPerSecond).toBeCloseTo(41 / 300);
		expect(shard.bytesPerSecond).toBeCloseTo(4100 / 300);
		expect(shard.load).toBeCloseTo(0.03);
	});

	it('count a KPL aggregate as one record where its first user record goes, its bytes all', () => {
		const aggregate = {...record(1, 'user-1', 10, {bytes: 20}), subSequenceNumber: 0};
		const records: UserRecord[] = [
			aggregate,
			{...aggregate, partitionKey: 'user-2', subSequenceNumber: 1},
			{...aggregate, partitionKey: 'user-3', subSequenceNumber: 2},
			record(1, 'user-2', 20, {bytes: 19}),
		];
		const shard = shardOf(report(records), 1);
		expect(shard).toMatchObject({records: 2, bytes: 3 * 26 + 25, peakRecordsPerSecond: 2});
		expect(shard.topKeys).toEqual([
			{partitionKey: 'user-1', records: 1, share: 0.5},
			{partitionKey: 'user-2', records: 1, share: 0.5},
		]);
	});

	it('place a record by MD5 of its key where it has no explicit hash key', () => {
		const key = 'some-key';
		const index = Number(hashKeyOf(key) / QUARTER);
		const {explicitHashKey: _, ...placedByKey} = record(index, key, 0);
		const result = report([placedByKey]);
		expect(shardOf(result, index).unplaced).toBe(0);
		expect(result.strip.find((cell) => cell.records > 0)?.start).toBe(
			(hashKeyOf(key) / 2n ** 122n) * 2n ** 122n,
		);
	});
});

describe('hot shards', () => {
	it('a shard at its limits is hot, the busiest first', () => {
		const records = [
			...times(950, () => record(2, `k`, 5000)).map((r, n) => ({...r, partitionKey: `k${n}`})),
			...times(3, (n) => record(1, 'big', 6000 + n, {bytes: 350_000})),
			...times(50, (n) => record(0, `x${n}`, 7000)),
			...times(50, (n) => record(3, `y${n}`, 7000)),
		];
		const result = report(records);
		expect(result.shards.map((shard) => [shard.shardId, shard.hot])).toEqual([
			[id(2), 'limit'],
			[id(1), 'limit'],
			[id(0), undefined],
			[id(3), undefined],
		]);
		expect(shardOf(result, 1).load).toBeCloseTo(1_050_009 / 1_048_576);
	});

	it('a shard that takes much more than its share of the key space is hot, however slow', () => {
		const records = [
			...times(60, (n) => record(0, 'hot', n * 1000)),
			...times(160, (n) =>
				record(n % 4, `spread-${n}`, n * 1000, {offset: BigInt(n) * 10n ** 30n}),
			),
		];
		const result = report(records);
		expect(result.shards.filter((shard) => shard.hot).map((shard) => shard.shardId)).toEqual([
			id(0),
		]);
		const hot = shardOf(result, 0);
		expect(hot.hot).toBe('skew');
		expect(hot.trafficShare).toBeCloseTo(100 / 220);
		expect(hot.topKeys[0]).toEqual({partitionKey: 'hot', records: 60, share: 0.6});
	});

	it('an even workload, or a handful of records, flags nothing', () => {
		const even = report(times(400, (n) => record(n % 4, `k${n}`, n * 100)));
		expect(even.shards.some((shard) => shard.hot)).toBe(false);
		const few = report([
			record(0, 'a', 0),
			record(0, 'b', 1),
			record(0, 'c', 2),
			record(1, 'd', 3),
		]);
		expect(few.shards.some((shard) => shard.hot)).toBe(false);
	});
});

describe('advice', () => {
	it('splits a hot shard where its observed records halve, by the records’ hash keys', () => {
		const records = [
			...times(60, (n) => record(0, 'hot', n * 10, {offset: 5n})),
			...times(40, (n) => record(0, `other-${n}`, n * 10, {offset: 10n ** 30n + BigInt(n)})),
			...times(30, (n) => record(1 + (n % 3), `rest-${n}`, n * 10)),
		];
		const split = shardOf(report(records), 0).split;
		expect(split).toMatchObject({weighedBy: 'records', lowerShare: 0.6});
		// Halfway between the hot key's hash key and the next one seen.
		expect(split?.hashKey).toBe((5n + 10n ** 30n + 1n) / 2n);
	});

	it('splits by bytes where the shard comes nearer its bytes limit', () => {
		const records = [
			...times(5, (n) => record(0, `small-${n}`, 0, {bytes: 100, offset: BigInt(n + 1)})),
			record(0, 'large-1', 0, {bytes: 500_000, offset: 100n}),
			record(0, 'large-2', 0, {bytes: 500_000, offset: 200n}),
		];
		const split = shardOf(report(records), 0).split;
		expect(split).toMatchObject({weighedBy: 'bytes', hashKey: 150n});
		expect(split?.lowerBytesShare).toBeCloseTo(0.5, 2);
		expect(split?.lowerShare).toBeCloseTo(6 / 7);
	});

	it('a key at the limit on its own: named, and no split offered (none would help)', () => {
		const records = [
			...times(5, (n) => record(3, 'firehose', 1000 + n, {bytes: 250_000})),
			...times(10, (n) => record(3, `other-${n}`, 1000, {offset: BigInt(n) * 10n ** 20n})),
		];
		const shard = shardOf(report(records), 3);
		expect(shard.hot).toBe('limit');
		expect(shard.keyOverLimit).toEqual({
			partitionKey: 'firehose',
			peakRecordsPerSecond: 5,
			peakBytesPerSecond: 5 * 250_008,
		});
		expect(shard.split).toBeUndefined();
	});

	it('adjacent open shards both under a tenth of their limits are merge candidates', () => {
		const records = [
			...times(50, (n) => record(0, `a${n}`, 1000)),
			...times(150, (n) => record(1, `b${n}`, 1000)),
			...times(20, (n) => record(2, `c${n}`, n * 1000)),
		];
		// Shard 1's busiest second is 15% of its limit; 2 and 3 are nearly idle, 0 at 5%.
		expect(report(records).mergeCandidates).toEqual([[id(2), id(3)]]);
	});

	it('on-demand: the same numbers, no resharding advice', () => {
		const records = [
			...times(60, (n) => record(0, 'hot', n * 10, {offset: 5n})),
			...times(40, (n) => record(0, `other-${n}`, n * 10, {offset: 10n ** 30n + BigInt(n)})),
		];
		const provisioned = report(records);
		const onDemand = report(records, {onDemand: true});
		expect(onDemand.mergeCandidates).toEqual([]);
		expect(provisioned.mergeCandidates).not.toEqual([]);
		expect(shardOf(onDemand, 0).split).toBeUndefined();
		expect(shardOf(provisioned, 0).split).toBeDefined();
		const {split: _, ...numbers} = shardOf(provisioned, 0);
		expect(shardOf(onDemand, 0)).toEqual(numbers);
	});
});

describe('the shards reported', () => {
	const parent: Shard = {
		shardId: id(9),
		hashKeyRange: {start: 0n, end: MAX_HASH_KEY},
		sequenceNumberRange: {start: '0', end: '5'},
	};
	const resharded = [parent, ...quarters.map((shard) => ({...shard, parentShardId: id(9)}))];

	it('every open shard, and a closed one only if it took records in the window', () => {
		expect(report([], {shards: resharded}).shards.map((shard) => shard.shardId)).toEqual(
			quarters.map((shard) => shard.shardId),
		);
		const withParent = report([record(9, 'k', 0, {offset: 1n})], {shards: resharded});
		expect(withParent.shards[0]?.shardId).toBe(id(9));
		expect(withParent.shards[0]?.open).toBe(false);
	});

	it('counts records placed outside their shard’s range (an explicit hash key not returned) apart', () => {
		const misplaced = {...record(0, 'k', 0), explicitHashKey: String(3n * QUARTER)};
		const result = report([misplaced, record(0, 'j', 0)]);
		expect(shardOf(result, 0)).toMatchObject({records: 2, unplaced: 1});
		expect(result.strip.reduce((sum, cell) => sum + cell.records, 0)).toBe(1);
	});

	it('keeps a shard that was read but is not listed any more, without a range', () => {
		const result = report([{...record(0, 'k', 0), shardId: 'shardId-000000000042'}]);
		expect(result.shards.find((shard) => shard.shardId === 'shardId-000000000042')).toMatchObject({
			records: 1,
			open: false,
			hashKeyRange: undefined,
			unplaced: 1,
		});
	});
});
