import {describe, expect, it} from 'vitest';
import type {ShardStatus} from '../../source/services/tail/tailer.js';
import {createTimeOrder, passedOverNotice} from '../../source/services/tail/time-order.js';

/** A record as the tests write it: its name and its arrival time. */
type Stamped = {name: string; at: number};

const records = (shard: string, ...times: number[]) =>
	times.map((at, index) => ({name: `${shard}${index}`, at}));
const names = (list: readonly Stamped[]) => list.map((record) => record.name);
const order = (bound = {records: 4, bytes: 1_000_000}) =>
	createTimeOrder<Stamped>({arrivalOf: (record) => record.at, marginMs: 0, bound});
const statuses = (...entries: Array<[string, ShardStatus]>) => new Map(entries);

/** Whether the promise has settled by the time the queued callbacks have run. */
async function settled(promise: Promise<void>): Promise<boolean> {
	let done = false;
	void promise.then(() => {
		done = true;
	});
	await Promise.resolve();
	await Promise.resolve();
	return done;
}

describe("the tail's records in time order, as its readers say how far they are", () => {
	it('reads the shards waiting for their parents, and those read, as bringing nothing', () => {
		const merge = order();
		merge.progress(
			statuses(
				['a', {state: 'reading', records: 0}],
				['b', {state: 'waiting', records: 0}],
				['c', {state: 'done', records: 0}],
			),
			0,
		);
		merge.add('a', records('a', 10, 20), 0);
		expect(names(merge.release(0).records)).toEqual(['a0', 'a1']);
		// A shard that is read says nothing yet of how far: it holds the others back.
		merge.progress(statuses(['d', {state: 'starting', records: 0}]), 0);
		merge.add('a', records('x', 30), 0);
		expect(names(merge.release(0).records)).toEqual([]);
		expect(merge.holdout()).toMatchObject({shardId: 'd', records: 1});
		merge.progress(statuses(['d', {state: 'caught-up', records: 0, caughtUpAt: 40}]), 0);
		expect(names(merge.release(0).records)).toEqual(['x0']);
	});

	it('holds a reader ahead of the others once the holding is full, until there is room or the tail stops', async () => {
		const merge = order({records: 4, bytes: 1_000_000});
		merge.progress(
			statuses(
				['ahead', {state: 'reading', records: 0}],
				['behind', {state: 'reading', records: 0}],
			),
			0,
		);
		merge.add('behind', records('b', 5), 0);
		merge.add('ahead', records('a', 10, 20, 30, 40), 0);
		expect(names(merge.release(0).records)).toEqual(['b0']);
		expect(merge.held).toBe(4);
		// The shard the others wait for may always bring more: nothing of its own is held.
		expect(merge.mayBring('behind')).toBe(true);
		expect(merge.mayBring('ahead')).toBe(false);
		const room = merge.room('ahead');
		expect(await settled(room)).toBe(false);
		merge.add('behind', records('c', 25), 0);
		expect(names(merge.release(0).records)).toEqual(['a0', 'a1', 'c0']);
		expect(await settled(room)).toBe(true);

		merge.add('ahead', records('d', 50, 60), 0);
		const stopped = merge.room('ahead');
		expect(await settled(stopped)).toBe(false);
		merge.stop();
		expect(await settled(stopped)).toBe(true);
		expect(names(merge.drain())).toEqual(['a2', 'a3', 'd0', 'd1']);
	});

	it('names the shard it stopped waiting for, and for how long it had waited', () => {
		expect(passedOverNotice('shardId-000000000003', 3000)).toBe(
			'Shard shardId-000000000003 has not answered for 3 s: the other shards are listed without waiting for it, and what it brings later comes late.',
		);
	});
});
