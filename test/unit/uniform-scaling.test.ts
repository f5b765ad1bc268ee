import {describe, expect, it} from 'vitest';
import {MAX_HASH_KEY} from '../../source/model/hash-keys.js';
import type {Shard} from '../../source/model/shard.js';
import {equalShare, scalingOutcome} from '../../source/model/uniform-scaling.js';

const shard = (start: bigint, end: bigint): Shard => ({
	shardId: `shardId-${start}`,
	hashKeyRange: {start, end},
	sequenceNumberRange: {start: '0'},
});
const SPACE = MAX_HASH_KEY + 1n;

/** `count` open shards of equal size, the last one taking what division leaves. */
const equal = (count: number) =>
	Array.from({length: count}, (_, index) =>
		shard(
			(BigInt(index) * SPACE) / BigInt(count),
			(BigInt(index + 1) * SPACE) / BigInt(count) - 1n,
		),
	);

describe('what uniform scaling made', () => {
	it('asks for shards of equal size', () => {
		expect(equalShare(3)).toBeCloseTo(1 / 3);
	});

	it('is as asked when there are as many as asked, of equal size (to a key or so)', () => {
		expect(scalingOutcome(equal(3), 3)).toMatchObject({asAsked: true, countAsAsked: true});
		const offByOne = equal(4).map((each, index) =>
			index === 0 ? shard(0n, each.hashKeyRange.end - 1n) : each,
		);
		expect(scalingOutcome(offByOne, 4).asAsked).toBe(true);
	});

	it('is not when the engine cut them unequally: 2 to 3 made 25%, 25%, 50%', () => {
		const quarter = SPACE / 4n;
		const made = [
			shard(0n, quarter - 1n),
			shard(quarter, 2n * quarter - 1n),
			shard(2n * quarter, MAX_HASH_KEY),
		];
		expect(scalingOutcome(made, 3)).toEqual({
			shares: [0.25, 0.25, 0.5],
			asAsked: false,
			countAsAsked: true,
		});
	});

	it('is not when the count differs from the one asked for', () => {
		expect(scalingOutcome(equal(2), 3)).toMatchObject({asAsked: false, countAsAsked: false});
	});
});
