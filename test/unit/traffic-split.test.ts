import {describe, expect, it} from 'vitest';
import {MAX_HASH_KEY} from '../../source/model/hash-keys.js';
import {trafficSplit} from '../../source/model/traffic-split.js';
import {bindingLimit, loadOf} from '../../source/model/write-limits.js';

const whole = {start: 0n, end: MAX_HASH_KEY};
const key = (hashKey: bigint, records: number, bytes = records * 100) => ({
	hashKey,
	records,
	bytes,
});

describe('where a split halves the traffic', () => {
	it('falls halfway between the two hash keys the halves meet at', () => {
		const split = trafficSplit(
			[key(10n, 5), key(20n, 5), key(30n, 5), key(40n, 5)],
			whole,
			'records',
		);
		expect(split).toEqual({
			hashKey: 25n,
			lowerShare: 0.5,
			lowerBytesShare: 0.5,
			weighedBy: 'records',
		});
	});

	it('splits next to adjacent hash keys at the upper one, and never outside the range', () => {
		expect(
			trafficSplit([key(10n, 1), key(11n, 1)], {start: 10n, end: 11n}, 'records')?.hashKey,
		).toBe(11n);
		// The midpoint of the whole space's two outermost keys is a valid key of the range.
		const outer = trafficSplit([key(0n, 1), key(MAX_HASH_KEY, 1)], whole, 'records');
		expect(outer?.hashKey).toBe(2n ** 127n);
	});

	it('counts a key seen twice (records of one key placed alike) as one hash key', () => {
		expect(trafficSplit([key(7n, 3), key(7n, 4)], whole, 'records')).toBeUndefined();
		expect(trafficSplit([key(7n, 3), key(7n, 4), key(9n, 7)], whole, 'records')).toMatchObject({
			hashKey: 8n,
			lowerShare: 0.5,
		});
	});

	it('leaves a key that carries most of the shard on one side: the nearest to half there is', () => {
		// 60% on one key in the middle: 20/80 or 80/20; the first of the two equally near.
		const middle = trafficSplit([key(10n, 20), key(20n, 60), key(30n, 20)], whole, 'records');
		expect(middle).toMatchObject({hashKey: 15n, lowerShare: 0.2});
		// The same key at the edge of the shard: 60/40.
		const edge = trafficSplit([key(10n, 60), key(20n, 20), key(30n, 20)], whole, 'records');
		expect(edge).toMatchObject({hashKey: 15n, lowerShare: 0.6});
	});

	it('halves the bytes when asked, and tells both shares', () => {
		const keys = [key(10n, 90, 100_000), key(20n, 10, 400_000), key(30n, 1, 500_000)];
		expect(trafficSplit(keys, whole, 'records')).toMatchObject({
			hashKey: 15n,
			weighedBy: 'records',
		});
		const byBytes = trafficSplit(keys, whole, 'bytes');
		expect(byBytes).toMatchObject({hashKey: 25n, weighedBy: 'bytes'});
		expect(byBytes?.lowerShare).toBeCloseTo(100 / 101);
		expect(byBytes?.lowerBytesShare).toBe(0.5);
	});

	it('has no split for a single hash key, or none at all', () => {
		expect(trafficSplit([], whole, 'records')).toBeUndefined();
		expect(trafficSplit([key(5n, 100)], whole, 'records')).toBeUndefined();
	});
});

describe('the write limits', () => {
	it('measure a second by the limit it comes nearer', () => {
		expect(loadOf(500, 0)).toBe(0.5);
		expect(loadOf(10, 1024 * 1024)).toBe(1);
		expect(bindingLimit(900, 100_000)).toBe('records');
		expect(bindingLimit(100, 1024 * 1024)).toBe('bytes');
	});
});
