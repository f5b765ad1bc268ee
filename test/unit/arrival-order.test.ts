import {describe, expect, it} from 'vitest';
import {createArrivalOrder, type ShardProgress} from '../../source/model/arrival-order.js';

/** A record as the tests write it: its name and its arrival time. */
type Stamped = {name: string; at: number};

const order = (options: {stallMs?: number; marginMs?: number} = {}) =>
	createArrivalOrder<Stamped>({
		arrivalOf: (record) => record.at,
		sizeOf: () => 100,
		marginMs: options.marginMs ?? 0,
		stallMs: options.stallMs ?? 10_000,
	});
const records = (shard: string, ...times: number[]) =>
	times.map((at, index) => ({name: `${shard}${index}`, at}));
const names = (list: readonly Stamped[]) => list.map((record) => record.name);
const reading: ShardProgress = {open: true};

describe('the records of several shards in the order they arrived', () => {
	it("lists a record once every shard being read is read past it, each shard's own order kept", () => {
		const merge = order();
		merge.progress('a', reading, 0);
		merge.progress('b', reading, 0);
		// a is read further in time than b: its records after b's last one wait for b.
		merge.add('a', records('a', 10, 30, 20, 50), 0);
		merge.add('b', records('b', 15, 25), 0);
		expect(names(merge.release(0).records)).toEqual(['a0', 'b0', 'b1']);
		expect(merge.held).toBe(3);
		merge.add('b', records('c', 40, 60), 0);
		// a's 30 goes before its 20: a shard's own order is the order of its records, whatever the stamps.
		expect(names(merge.release(0).records)).toEqual(['a1', 'a2', 'c0', 'a3']);
		expect(merge.held).toBe(1);
		expect(merge.drain().map((record) => record.at)).toEqual([60]);
	});

	it('holds nothing back for a shard read to its end, or waiting for its parents', () => {
		const merge = order();
		merge.progress('parent', reading, 0);
		merge.progress('child', {open: false}, 0);
		merge.progress('other', reading, 0);
		merge.add('other', records('o', 10, 20, 30), 0);
		merge.add('parent', records('p', 5, 15), 0);
		expect(names(merge.release(0).records)).toEqual(['p0', 'o0', 'p1']);
		// Read to its end but its children not taken up yet: it still holds at its last record.
		merge.progress('parent', {open: true}, 0);
		expect(names(merge.release(0).records)).toEqual([]);
		merge.progress('parent', {open: false}, 0);
		merge.progress('child', reading, 0);
		// The child has said nothing of how far it is read: it may bring anything still.
		expect(names(merge.release(0).records)).toEqual([]);
		merge.add('child', records('c', 25), 0);
		expect(names(merge.release(0).records)).toEqual(['o1', 'c0']);
	});

	it('takes a caught-up shard as read to when its call was sent, less the margin', () => {
		const merge = order({marginMs: 100});
		merge.progress('busy', reading, 0);
		merge.progress('quiet', {open: true, caughtUpAt: 1000, answeredAt: 1010}, 0);
		merge.add('busy', records('b', 850, 900, 950), 0);
		expect(names(merge.release(1010).records)).toEqual(['b0', 'b1']);
		merge.progress('quiet', {open: true, caughtUpAt: 2000, answeredAt: 2010}, 2010);
		expect(names(merge.release(2010).records)).toEqual(['b2']);
	});

	it('widens the margin when a caught-up shard brings a record older than it said', () => {
		const merge = order({marginMs: 100});
		merge.progress('a', {open: true, caughtUpAt: 1000}, 0);
		merge.add('a', records('a', 500), 1100);
		expect(merge.marginMs).toBe(600);
		merge.progress('b', {open: true, caughtUpAt: 2000}, 0);
		merge.add('a', records('x', 1500), 2100);
		expect(merge.marginMs).toBe(600);
	});

	it('names the shard it waits for and how long the oldest record has waited', () => {
		const merge = order();
		merge.progress('shardId-000000000001', reading, 0);
		merge.progress('shardId-000000000006', reading, 0);
		merge.add('shardId-000000000001', records('a', 10, 20, 30), 500);
		merge.add('shardId-000000000006', records('b', 5), 700);
		merge.release(700);
		expect(merge.holdout()).toEqual({shardId: 'shardId-000000000006', records: 3, since: 500});
		merge.add('shardId-000000000006', records('c', 40), 800);
		merge.release(800);
		expect(merge.holdout()).toEqual({shardId: 'shardId-000000000001', records: 1, since: 800});
		merge.progress('shardId-000000000001', {open: false}, 900);
		expect(names(merge.release(900).records)).toEqual(['c0']);
		expect(merge.holdout()).toBeUndefined();
	});

	it('lets a shard that is ahead bring more only while the holding is within bound', () => {
		const merge = order();
		const bound = {records: 3, bytes: 1000};
		merge.progress('ahead', reading, 0);
		merge.progress('behind', reading, 0);
		merge.add('ahead', records('a', 10, 20), 0);
		merge.release(0);
		expect(merge.mayBring('ahead', bound)).toBe(true);
		merge.add('ahead', records('a', 30), 0);
		merge.release(0);
		expect(merge.mayBring('ahead', bound)).toBe(false);
		// The shard waited for may always bring more: nothing else would free the others.
		expect(merge.mayBring('behind', bound)).toBe(true);
		expect(merge.mayBring('ahead', {records: 10, bytes: 300})).toBe(false);
		merge.add('behind', records('b', 25), 0);
		merge.release(0);
		expect(merge.mayBring('ahead', bound)).toBe(true);
	});

	it('passes over a shard that holds the others back and has not answered for long, and lists what it brings later as late', () => {
		const merge = order({stallMs: 10_000});
		merge.progress('a', {open: true, answeredAt: 0}, 0);
		merge.progress('b', {open: true, answeredAt: 0}, 0);
		merge.add('b', records('b', 5), 0);
		merge.add('a', records('a', 10, 20), 1000);
		expect(merge.release(1000)).toEqual({records: [{name: 'b0', at: 5}], passedOver: []});
		merge.progress('a', {open: true, answeredAt: 9000}, 9000);
		expect(merge.release(9999).passedOver).toEqual([]);
		const released = merge.release(10_000);
		expect(released.passedOver).toEqual(['b']);
		expect(names(released.records)).toEqual(['a0', 'a1']);
		// a brings more while b is passed over: not held for b.
		merge.add('a', records('x', 30), 11_000);
		expect(names(merge.release(11_000).records)).toEqual(['x0']);
		// b answers again with records older than those listed: listed at once, late; then waited for again.
		merge.add('b', records('c', 8, 25), 12_000);
		merge.progress('b', {open: true, answeredAt: 12_000}, 12_000);
		expect(names(merge.release(12_000).records)).toEqual(['c0', 'c1']);
		expect(merge.late).toBe(2);
		merge.add('a', records('y', 40), 12_100);
		expect(names(merge.release(12_100).records)).toEqual([]);
		merge.add('b', records('d', 45), 12_200);
		expect(names(merge.release(12_200).records)).toEqual(['y0']);
	});

	it('does not pass over a shard that was held back itself, nor count a pause as silence', () => {
		const merge = order({stallMs: 10_000});
		merge.progress('slow', {open: true, answeredAt: 0}, 0);
		merge.progress('held', {open: true, answeredAt: 0}, 0);
		merge.progress('idle', {open: false}, 0);
		merge.add('slow', records('s', 10), 0);
		merge.add('held', records('h', 20, 30), 0);
		merge.release(0);
		// 'held' brought nothing for 15 s because its records were held: once slow is passed over,
		// held's records go out, and held is not passed over in turn.
		const released = merge.release(15_000);
		expect(released.passedOver).toEqual(['slow']);
		expect(names(released.records)).toEqual(['h0', 'h1']);
		merge.progress('slow', {open: true, answeredAt: 16_000}, 16_000);
		merge.add('held', records('h', 40), 16_000);
		merge.release(16_000);
		// Paused for a minute: nobody answered, and nobody is to blame.
		merge.resumed(76_000);
		expect(merge.release(76_000)).toEqual({records: [], passedOver: []});
		expect(merge.held).toBe(1);
	});

	it('gives everything held, oldest first, when the tail stops', () => {
		const merge = order();
		merge.progress('a', reading, 0);
		merge.progress('b', reading, 0);
		merge.add('a', records('a', 30, 40), 0);
		merge.add('b', records('b', 10), 0);
		merge.release(0);
		merge.progress('c', reading, 0);
		merge.add('b', records('x', 35), 0);
		expect(merge.release(0).records).toEqual([]);
		expect(names(merge.drain())).toEqual(['a0', 'x0', 'a1']);
		expect(merge.held).toBe(0);
		expect(merge.heldBytes).toBe(0);
	});
});
