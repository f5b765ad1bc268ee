import {describe, expect, it} from 'vitest';
import {
	hashKeyOf,
	isValidSplitKey,
	keySpaceShare,
	MAX_HASH_KEY,
	parseHashKey,
	shardForHashKey,
	sharePercent,
	shortHashKey,
	splitMidpoint,
} from '../../source/model/hash-keys.js';

const quarter = 2n ** 126n;
const shards = [0n, 1n, 2n, 3n].map((index) => ({
	shardId: `shardId-00000000000${index}`,
	hashKeyRange: {start: index * quarter, end: (index + 1n) * quarter - 1n},
}));

describe('hash keys', () => {
	it('reads MD5 of the partition key as a big-endian 128-bit integer', () => {
		// md5("") = d41d8cd98f00b204e9800998ecf8427e, md5("name") = b068931cc450442b63f5b3d276ea4297
		expect(hashKeyOf('')).toBe(0xd41d8cd98f00b204e9800998ecf8427en);
		expect(hashKeyOf('name')).toBe(0xb068931cc450442b63f5b3d276ea4297n);
		// Hashed as UTF-8 bytes (c3 a9), as Kinesis does.
		expect(hashKeyOf('é')).toBe(0x66ddcd97cfdeabb2f6fb8a999b4bc76fn);
	});

	it('places the key in the shard whose range holds it, boundaries included', () => {
		expect(shardForHashKey(shards, 0n)?.shardId).toBe('shardId-000000000000');
		expect(shardForHashKey(shards, quarter - 1n)?.shardId).toBe('shardId-000000000000');
		expect(shardForHashKey(shards, quarter)?.shardId).toBe('shardId-000000000001');
		expect(shardForHashKey(shards, MAX_HASH_KEY)?.shardId).toBe('shardId-000000000003');
		// The seed's example: partition key "name" went to shardId-000000000002 of a 4-shard stream.
		expect(shardForHashKey(shards, hashKeyOf('name'))?.shardId).toBe('shardId-000000000002');
	});

	it('splits a range into two equal halves, and refuses keys outside it', () => {
		const [first] = shards;
		const midpoint = splitMidpoint(first!.hashKeyRange);
		expect(midpoint).toBe(2n ** 125n);
		expect(isValidSplitKey(first!.hashKeyRange, 0n)).toBe(false);
		expect(isValidSplitKey(first!.hashKeyRange, quarter - 1n)).toBe(true);
		expect(isValidSplitKey(first!.hashKeyRange, quarter)).toBe(false);
		expect(splitMidpoint({start: 7n, end: 7n})).toBeUndefined();
		expect(splitMidpoint({start: 7n, end: 8n})).toBe(8n);
	});

	it('gives each range its share of the key space', () => {
		expect(keySpaceShare({start: 0n, end: MAX_HASH_KEY})).toBe(1);
		expect(keySpaceShare(shards[1]!.hashKeyRange)).toBe(0.25);
	});

	it('parses typed hash keys from 0 to 2^128−1 and says why others are refused', () => {
		expect(parseHashKey(' 0 ')).toEqual({key: 0n});
		expect(parseHashKey(MAX_HASH_KEY.toString())).toEqual({key: MAX_HASH_KEY});
		expect(parseHashKey((MAX_HASH_KEY + 1n).toString())).toMatchObject({
			error: expect.stringMatching(/at most/),
		});
		expect(parseHashKey('-1')).toMatchObject({error: expect.stringMatching(/decimal/)});
		expect(parseHashKey('0x10')).toMatchObject({error: expect.stringMatching(/decimal/)});
		expect(parseHashKey('')).toMatchObject({error: expect.stringMatching(/decimal/)});
	});

	it('finds no shard for a key no range holds (a stream mid-reshard, or none open)', () => {
		expect(shardForHashKey([], 0n)).toBeUndefined();
		expect(shardForHashKey(shards.slice(1), 0n)).toBeUndefined();
		expect(shardForHashKey(shards.slice(0, 3), MAX_HASH_KEY)).toBeUndefined();
	});

	it('splits the whole key space and the last shard at the midpoint, up to 2^128−1', () => {
		expect(splitMidpoint({start: 0n, end: MAX_HASH_KEY})).toBe(2n ** 127n);
		expect(splitMidpoint(shards[3]!.hashKeyRange)).toBe(3n * quarter + quarter / 2n);
		expect(isValidSplitKey({start: 0n, end: MAX_HASH_KEY}, MAX_HASH_KEY)).toBe(true);
		// An engine's ranges can be off by one from AWS's: the midpoint is still inside.
		const offByOne = {start: 0n, end: 2n ** 127n - 2n};
		expect(isValidSplitKey(offByOne, splitMidpoint(offByOne)!)).toBe(true);
	});

	it('shortens 39-digit keys for the tree without rounding them up', () => {
		expect(shortHashKey(0n)).toBe('0');
		expect(shortHashKey(999_999n)).toBe('999999');
		expect(shortHashKey(1_000_000n)).toBe('1.00e6');
		expect(shortHashKey(quarter)).toBe('8.50e37');
		expect(shortHashKey(MAX_HASH_KEY)).toBe('3.40e38');
		expect(shortHashKey(2n ** 127n - 1n)).toBe('1.70e38');
	});

	it('says each share as a percentage', () => {
		expect(sharePercent({start: 0n, end: MAX_HASH_KEY})).toBe('100%');
		expect(sharePercent(shards[1]!.hashKeyRange)).toBe('25%');
		expect(sharePercent({start: 0n, end: quarter / 2n - 1n})).toBe('12.5%');
		expect(sharePercent({start: 0n, end: quarter / 4n - 1n})).toBe('6.25%');
		expect(sharePercent({start: 0n, end: MAX_HASH_KEY / 3n})).toBe('33.3%');
		expect(sharePercent({start: 0n, end: 1000n})).toBe('<0.01%');
	});
});
