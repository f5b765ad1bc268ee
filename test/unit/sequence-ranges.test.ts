import {describe, expect, it} from 'vitest';
import {shardsThatMayHold} from '../../source/model/sequence-ranges.js';
import type {Shard} from '../../source/model/shard.js';

const range = {start: 0n, end: 2n ** 128n - 1n};

function shard(shardId: string, start: string, end?: string): Shard {
	return {shardId, hashKeyRange: range, sequenceNumberRange: {start, end}};
}

describe('the shards that may hold a sequence number', () => {
	const shards = [
		shard('closed', '100', '199'),
		shard('open-early', '150'),
		shard('open-late', '300'),
		// An engine's closed shard whose end is less than its start: its end is not known.
		shard('quirk', '120', '9'),
	];

	it('are those whose range holds it, the nearest start below it first', () => {
		const ids = (sequenceNumber: string) =>
			shardsThatMayHold(shards, sequenceNumber).map((candidate) => candidate.shardId);
		expect(ids('160')).toEqual(['open-early', 'quirk', 'closed']);
		expect(ids('199')).toEqual(['open-early', 'quirk', 'closed']);
		expect(ids('200')).toEqual(['open-early', 'quirk']);
		expect(ids('1000')).toEqual(['open-late', 'open-early', 'quirk']);
		expect(ids('99')).toEqual([]);
	});

	it('compare sequence numbers as the long decimals they are', () => {
		const long = [
			shard('a', '49680878982867994072009872929134231674705729686819831810'),
			shard('b', '49680878982890294817208403552275767392978378048325812242'),
		];
		expect(
			shardsThatMayHold(long, '49680878982867994072009872929135440600525344315994537986').map(
				(candidate) => candidate.shardId,
			),
		).toEqual(['a']);
	});
});
