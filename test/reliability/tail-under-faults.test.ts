import process from 'node:process';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import type {PollTiming} from '../../source/model/poll-timing.js';
import type {UserRecord} from '../../source/model/records.js';
import {type ShardStatus, startTailer} from '../../source/services/tail/tailer.js';
import {createNumbering, printFigures, tallyDelivery, writeNumbered} from '../support/delivery.js';
import {useOwnEngine} from '../support/engine.js';
import {
	type FaultProxy,
	randomFaults,
	seededRandom,
	startFaultProxy,
} from '../support/fault-proxy.js';
import {createActiveStream} from '../support/kinesis.js';
import {mergeLowest, splitLowest} from '../support/tail.js';

/**
 * The promise of the tail, at scale: 2,000 records through a proxy that throttles 30% of the calls,
 * fails 5% with a server error, resets 2% of the connections, expires 3% of the iterators, holds 2% of
 * the answers back past the deadline and never answers 2%, while the stream is split and merged under
 * it, arrive each once and in order per partition key. (The volume that tells speed is `npm run
 * bench`'s: this proves the promise, over hundreds of calls that meet each fault several times. Each
 * record costs the engine CPU to store and to read back: 20 a key are enough to tell their order.)
 *
 * The file has an engine of its own, so that it neither waits on nor slows the engine the other files
 * share. kinesis-local's PutRecords slows with the records a shard already holds, so the records are
 * spread over 16 shards (more than the ten listeners Node allows a signal before it warns) and written
 * straight to the engine, not through the proxy: the faults are the reader's.
 */

const RECORDS = 2000;
const SHARDS = 16;
/**
 * 20 records a key, 8 of them before the split and 6 between the split and the merge: as many a key
 * as with more keys, so each key's order is told across both (the faults are the calls', and the
 * calls are paced by the lots below, not by the records).
 */
const KEYS = 100;
/**
 * The records are written 200 at a time, each lot once the reader has made this many more calls
 * through the proxy since the lot before began, so that the faults meet records all along: 10 lots,
 * at least 350 calls, in which the seeded faults throttle more than 100 and meet each other kind
 * about 5 times or more.
 */
const CALLS_PER_LOT = 35;
const LOT = RECORDS / 10;

/**
 * The production timing, but with throttles and failures backed off from 100 ms instead of 1 s (the
 * faults come at rates no real stream sees, and the backoff itself is tested in test/unit/reader),
 * and a caught-up shard asked every half second instead of every second: the calls the faults need
 * come sooner (each costs the engine the same, however soon).
 */
const timing: PollTiming = {
	behindMs: 250,
	caughtUpMs: 500,
	throttleBaseMs: 100,
	retryBaseMs: 100,
	maxBackoffMs: 1000,
};

/**
 * Deadlines of 2 s instead of production's 10 s, so that the answers held back and never sent are
 * given up sooner; held-back answers come 2.5 s late, past the deadline.
 */
const deadlines = {GetRecords: 2000, other: 2000};
const STALL_MS = 2500;

const text = new TextDecoder();

describe('a polling tail of 2,000 records through faults, across a split and a merge', () => {
	const engine = useOwnEngine();
	let direct: KinesisClient;
	let proxy: FaultProxy;
	let proxied: KinesisClient;
	const stream = 'tail-under-faults';

	beforeAll(async () => {
		direct = engine.client();
		proxy = await startFaultProxy(engine.endpoint);
		proxied = engine.client({endpoint: proxy.url}, {deadlines});
		await createActiveStream(direct, {name: stream, shardCount: SHARDS});
	});
	afterAll(() => proxy?.close());

	it('delivers every record once, in order per partition key', async () => {
		proxy.setRule(
			randomFaults(2026, {
				throttle: 0.3,
				serverError: 0.025,
				unavailable: 0.025,
				reset: 0.02,
				expiredIterator: 0.03,
				stall: 0.02,
				hang: 0.02,
				stallMs: STALL_MS,
			}),
		);
		// 16 readers wait on one abort signal: no warning of a listener leak for that.
		const warnings: string[] = [];
		const onWarning = (warning: Error) => warnings.push(warning.name);
		process.on('warning', onWarning);
		const delivered: Array<{partitionKey: string; data: string}> = [];
		const states = new Set<string>();
		let shards: ReadonlyMap<string, ShardStatus> = new Map();
		const tailer = startTailer(
			proxied,
			{stream, position: {type: 'TRIM_HORIZON'}},
			{
				onRecords(records: UserRecord[]) {
					for (const record of records) {
						delivered.push({partitionKey: record.partitionKey, data: text.decode(record.data)});
					}
				},
				onShards(next) {
					shards = next;
					for (const status of next.values()) {
						states.add(status.state);
					}
				},
			},
			{timing, discoverMs: 2000, random: seededRandom(8)},
		);
		let failure: unknown;
		tailer.done.catch((error: unknown) => {
			failure = error;
		});

		const numbering = createNumbering();
		const writeInLots = async (count: number) => {
			for (let left = count; left > 0; left -= LOT) {
				const calls = proxy.stats.requests + CALLS_PER_LOT;
				await writeNumbered(direct, stream, numbering, {count: Math.min(LOT, left), keys: KEYS});
				await vi.waitFor(() => expect(proxy.stats.requests).toBeGreaterThanOrEqual(calls), {
					timeout: 60_000,
					interval: 50,
				});
			}
		};
		await writeInLots(LOT * 4);
		await splitLowest(direct, stream);
		await writeInLots(LOT * 3);
		await mergeLowest(direct, stream);
		await writeInLots(LOT * 3);

		await vi.waitFor(
			() => {
				expect(failure).toBeUndefined();
				expect(delivered.length).toBeGreaterThanOrEqual(RECORDS);
			},
			{timeout: 240_000, interval: 200},
		);
		// Every record is in. With the faults off, every shard is seen caught up (or read to its end):
		// a record that came now would be a repeat.
		proxy.setRule(() => undefined);
		await vi.waitFor(
			() => {
				const all = [...shards.values()].map((status) => status.state);
				expect(all.every((state) => state === 'caught-up' || state === 'done')).toBe(true);
			},
			{timeout: 30_000, interval: 100},
		);
		tailer.stop();
		process.off('warning', onWarning);
		expect(warnings).not.toContain('MaxListenersExceededWarning');

		const tally = tallyDelivery(delivered, numbering.written);
		printFigures(`polling tail, ${SHARDS} shards split and merged`, tally, proxy.stats);
		expect(tally.problems).toEqual([]);
		expect(tally).toMatchObject({written: RECORDS, delivered: RECORDS, lost: 0, repeated: 0});
		expect(tally.outOfOrder).toBe(0);
		// The faults happened, and the reader met them itself (not only the SDK's own retries).
		expect(proxy.stats.faults.ProvisionedThroughputExceededException).toBeGreaterThan(100);
		expect(proxy.stats.faults.InternalFailure).toBeGreaterThan(0);
		expect(proxy.stats.faults.ServiceUnavailable).toBeGreaterThan(0);
		expect(proxy.stats.faults.reset).toBeGreaterThan(0);
		expect(proxy.stats.faults.ExpiredIteratorException).toBeGreaterThan(0);
		expect(proxy.stats.faults.stall).toBeGreaterThan(0);
		expect(proxy.stats.faults.hang).toBeGreaterThan(0);
		expect(states).toContain('renewing');
		expect(states).toContain('throttled');
		expect(states).toContain('retrying');
		// The split's parent, its two children, and the merge's child: 3 shards more.
		expect(shards.size).toBe(SHARDS + 3);
		// A generous bound for a whole npm test on 2 busy CPUs: alone it takes about 20 s.
	}, 300_000);
});
