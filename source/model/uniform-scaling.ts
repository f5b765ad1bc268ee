import {keySpaceShare} from './hash-keys.js';
import type {Shard} from './shard.js';

/**
 * UpdateShardCount's UNIFORM_SCALING asks for open shards of equal size. Kinesis gets there through
 * splits and merges (and short-lived shards between); an engine may stop short of it: kinesis-mock
 * scaled 2 shards to 3 by splitting the first, leaving 25%, 25% and 50%. What it made is read from
 * the open shards afterwards, and told where it differs from what was asked.
 */

/** Within this of an equal share (a fraction of the key space), a shard counts as equal. */
const EQUAL_WITHIN = 0.001;

/** The share of the key space each of `count` equal shards covers. */
export function equalShare(count: number): number {
	return 1 / count;
}

export type ScalingOutcome = {
	/** The open shards it made, and each one's share of the key space, in key order. */
	shares: number[];
	/** As many as asked for, each of an equal share. */
	asAsked: boolean;
	countAsAsked: boolean;
};

export function scalingOutcome(open: readonly Shard[], target: number): ScalingOutcome {
	const shares = open.map((shard) => keySpaceShare(shard.hashKeyRange));
	const countAsAsked = open.length === target;
	return {
		shares,
		countAsAsked,
		asAsked:
			countAsAsked && shares.every((share) => Math.abs(share - equalShare(target)) <= EQUAL_WITHIN),
	};
}
