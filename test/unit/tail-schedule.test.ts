import {describe, expect, it} from 'vitest';
import type {StartingPosition} from '../../source/model/positions.js';
import type {Shard} from '../../source/model/shard.js';
import {childrenIn, createTailSchedule} from '../../source/model/tail-schedule.js';

function shard(shardId: string, {parents = [] as string[], closed = false} = {}): Shard {
	const [parentShardId, adjacentParentShardId] = parents;
	return {
		shardId,
		parentShardId,
		adjacentParentShardId,
		hashKeyRange: {start: 0n, end: 2n ** 128n - 1n},
		sequenceNumberRange: {start: '1', end: closed ? '9' : undefined},
	};
}

const trimHorizon: StartingPosition = {type: 'TRIM_HORIZON'};
const latest: StartingPosition = {type: 'LATEST'};
const atTimestamp: StartingPosition = {
	type: 'AT_TIMESTAMP',
	timestamp: new Date('2026-01-02T03:04:05Z'),
};

/** A split (p0 into c1, c2) then a merge of c2 and c3 into m4; c3 came from a split of p1. */
const history = [
	shard('p0', {closed: true}),
	shard('p1', {closed: true}),
	shard('c1', {parents: ['p0']}),
	shard('c2', {parents: ['p0'], closed: true}),
	shard('c3', {parents: ['p1'], closed: true}),
	shard('m4', {parents: ['c2', 'c3']}),
];

const started = (schedule: ReturnType<typeof createTailSchedule>) =>
	schedule.startable().map((start) => start.shardId);

describe('the tail schedule', () => {
	it('reads parents before children', () => {
		const schedule = createTailSchedule({position: trimHorizon});
		expect(schedule.begin(history)).toBe(true);
		expect(started(schedule)).toEqual(['p0', 'p1']);
		expect(started(schedule)).toEqual([]);
		schedule.finish('p0');
		expect(started(schedule)).toEqual(['c1', 'c2']);
		expect(schedule.phases()).toEqual(
			new Map([
				['p0', 'done'],
				['p1', 'reading'],
				['c1', 'reading'],
				['c2', 'reading'],
				['c3', 'waiting'],
				['m4', 'waiting'],
			]),
		);
	});

	it('starts a merge child only once both its parents are read to their end', () => {
		const schedule = createTailSchedule({position: trimHorizon});
		schedule.begin(history);
		schedule.startable();
		schedule.finish('p0');
		schedule.finish('p1');
		schedule.startable();
		schedule.finish('c2');
		expect(started(schedule)).toEqual([]);
		schedule.finish('c3');
		expect(schedule.startable()).toEqual([{shardId: 'm4', position: trimHorizon}]);
	});

	it('lets a parent it does not know hold nothing back', () => {
		// p1 is past the retention period: ListShards no longer returns it.
		const schedule = createTailSchedule({position: trimHorizon});
		schedule.begin(history.filter((candidate) => candidate.shardId !== 'p1'));
		expect(started(schedule)).toEqual(['p0', 'c3']);
	});

	it('has nothing to read after LATEST in a shard closed already: done at once', () => {
		const schedule = createTailSchedule({position: latest});
		schedule.begin(history);
		expect(schedule.startable()).toEqual([
			{shardId: 'c1', position: latest},
			{shardId: 'm4', position: latest},
		]);
		expect(schedule.phases().get('p0')).toBe('done');
		expect(schedule.phases().get('c2')).toBe('done');
	});

	it('starts the children of a one-shard AT_TIMESTAMP tail at the timestamp', () => {
		const schedule = createTailSchedule({shardId: 'p0', position: atTimestamp});
		schedule.begin(history);
		expect(schedule.startable()).toEqual([{shardId: 'p0', position: atTimestamp}]);
		schedule.finish('p0');
		schedule.adopt('p0', childrenIn(history, 'p0'));
		expect(schedule.startable()).toEqual([
			{shardId: 'c1', position: atTimestamp},
			{shardId: 'c2', position: atTimestamp},
		]);
	});

	it('starts children at their beginning, unless a LATEST tail began after their parent closed', () => {
		const open = createTailSchedule({shardId: 'c1', position: latest});
		open.begin([shard('c1')]);
		open.startable();
		open.finish('c1');
		open.adopt('c1', [{shardId: 'm5', parentShardIds: ['c1', 'x']}]);
		expect(open.startable()).toEqual([{shardId: 'm5', position: trimHorizon}]);

		const closed = createTailSchedule({shardId: 'c2', position: latest});
		closed.begin(history);
		closed.startable();
		closed.finish('c2');
		closed.adopt('c2', childrenIn(history, 'c2'));
		// c3, the other parent, is outside the tail: it holds nothing back.
		expect(closed.startable()).toEqual([{shardId: 'm4', position: latest}]);
	});

	it('takes up shards that appear while it runs, at their beginning or at the timestamp', () => {
		const fromLatest = createTailSchedule({position: latest});
		fromLatest.begin([shard('s0')]);
		fromLatest.startable();
		fromLatest.listed([shard('s0', {closed: true}), shard('s1', {parents: ['s0']})]);
		expect(fromLatest.isClosed('s0')).toBe(true);
		expect(fromLatest.startable()).toEqual([]);
		fromLatest.finish('s0');
		expect(fromLatest.startable()).toEqual([{shardId: 's1', position: trimHorizon}]);

		const fromTimestamp = createTailSchedule({position: atTimestamp});
		fromTimestamp.begin([]);
		fromTimestamp.listed([shard('s1')]);
		expect(fromTimestamp.startable()).toEqual([{shardId: 's1', position: atTimestamp}]);
	});

	it('keeps a one-shard tail to its shard and the children it reads into', () => {
		const schedule = createTailSchedule({shardId: 'c1', position: trimHorizon});
		expect(schedule.begin([shard('c0')])).toBe(false);
		expect(schedule.begin(history)).toBe(true);
		schedule.listed(history);
		expect(started(schedule)).toEqual(['c1']);
		expect(schedule.knows('p0')).toBe(false);
		expect(schedule.needsParentsListed(childrenIn(history, 'c2'))).toBe(false);
	});

	it('asks for a listing before it takes up a child with a parent it does not know', () => {
		const schedule = createTailSchedule({position: trimHorizon});
		schedule.begin([shard('c2', {closed: true})]);
		expect(schedule.needsParentsListed([{shardId: 'm4', parentShardIds: ['c2']}])).toBe(false);
		expect(schedule.needsParentsListed([{shardId: 'm4', parentShardIds: ['c2', 'c3']}])).toBe(true);
	});

	it('finds the children of a shard in a listing, the adjacent parent of a merge too', () => {
		expect(childrenIn(history, 'c3')).toEqual([{shardId: 'm4', parentShardIds: ['c2', 'c3']}]);
		expect(childrenIn(history, 'c1')).toEqual([]);
	});
});
