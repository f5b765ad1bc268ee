import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {beforeAll, describe, type ExpectStatic, it, type TestContext, vi} from 'vitest';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import {listShards} from '../../source/kinesis/shards.js';
import type {OutgoingRecord} from '../../source/model/record-limits.js';
import {
	createTailService,
	type TailRecord,
	type TailService,
} from '../../source/services/tail/tail-service.js';
import {useOwnEngine} from '../support/engine.js';
import {type Fault, type FaultRule, faults, startTestProxy} from '../support/fault-proxy.js';
import {createActiveStream, uniqueName} from '../support/kinesis.js';

/**
 * What issue 15 saw: over all shards from TRIM_HORIZON, shard 1 listed from 22:18:10 to 22:19:31,
 * then back to 22:18:10 for shard 6; live rows ran backwards too. A shard read further in time than
 * another now waits for it: the records come in the order they arrived, whatever the shards' speeds.
 */

const within = {timeout: 100_000, interval: 50};
const encoder = new TextEncoder();
const decoder = new TextDecoder();
// Thousands of records in one shard slow the engine for everyone: an engine of the file's own.
const engine = useOwnEngine();

/** Which shard a record is written to (explicit hash keys), and its place among that shard's. */
type Mark = {shard: number; n: number};

const markOf = (record: TailRecord): Mark => JSON.parse(decoder.decode(record.data)) as Mark;

/** Writes records to the shards by explicit hash key, numbered in each shard from 0. */
function shardWriter(
	expect: ExpectStatic,
	client: KinesisClient,
	stream: string,
	hashKeys: readonly string[],
) {
	const counts = hashKeys.map(() => 0);
	return {
		counts,
		total: () => counts.reduce((sum, count) => sum + count, 0),
		/** One PutRecords call: `perShard[i]` records to shard i, interleaved. */
		async put(perShard: readonly number[], padding = 0) {
			const records: OutgoingRecord[] = [];
			const most = Math.max(...perShard);
			for (let step = 0; step < most; step++) {
				for (const [shard, count] of perShard.entries()) {
					// Spread each shard's share over the call, as writers of both shards would.
					if (Math.floor(((step + 1) * count) / most) > Math.floor((step * count) / most)) {
						const n = counts[shard] as number;
						counts[shard] = n + 1;
						records.push({
							partitionKey: `shard-${shard}`,
							explicitHashKey: hashKeys[shard],
							data: encoder.encode(JSON.stringify({shard, n, padding: 'x'.repeat(padding)})),
						});
					}
				}
			}
			const outcomes = await putRecordBatch(client, stream, records);
			expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
		},
	};
}

/** The start of each shard's hash key range: a key that lands in it, in the order ListShards gives. */
async function hashKeysOf(client: KinesisClient, stream: string) {
	const shards = await listShards(client, stream);
	return {
		shardIds: shards.map((shard) => shard.shardId),
		hashKeys: shards.map((shard) => shard.hashKeyRange.start.toString()),
	};
}

/** The records the tail listed, oldest first. */
function listed(service: TailService): TailRecord[] {
	const {records} = service.getSnapshot();
	return records.slice(0, records.size);
}

/** Each record once, and each shard's in the order written. */
function expectEachOnce(
	expect: ExpectStatic,
	records: readonly TailRecord[],
	counts: readonly number[],
) {
	const seen = counts.map(() => [] as number[]);
	for (const record of records) {
		const {shard, n} = markOf(record);
		seen[shard]?.push(n);
	}
	expect(seen).toEqual(counts.map((count) => Array.from({length: count}, (_, n) => n)));
}

/** Where the listed records go back in time: none, in time order. */
function backwards(records: readonly TailRecord[]): string[] {
	const steps: string[] = [];
	for (let index = 1; index < records.length; index++) {
		const before = records[index - 1] as TailRecord;
		const record = records[index] as TailRecord;
		if (record.arrival < before.arrival) {
			steps.push(
				`#${index} ${record.shardId} ${record.arrival.toISOString()} after ${before.shardId} ${before.arrival.toISOString()}`,
			);
		}
	}
	return steps;
}

/**
 * A proxy rule for one shard's calls, told by their iterators (those GetShardIterator and GetRecords
 * give for it): the next GetRecords calls get the faults set, one each; the answers are counted.
 */
function oneShardsCalls(shardId: string) {
	const iterators = new Set<string>();
	const next: Fault[] = [];
	let answersWithRecords = 0;
	const track = {
		kind: 'rewrite' as const,
		answer(body: Record<string, unknown>) {
			for (const iterator of [body.ShardIterator, body.NextShardIterator]) {
				if (typeof iterator === 'string') {
					iterators.add(iterator);
				}
			}
			if (Array.isArray(body.Records) && body.Records.length > 0) {
				answersWithRecords++;
			}
			return body;
		},
	};
	const rule: FaultRule = (request) => {
		if (request.operation === 'GetShardIterator' && request.body.ShardId === shardId) {
			return track;
		}
		if (request.operation !== 'GetRecords' || !iterators.has(String(request.body.ShardIterator))) {
			return undefined;
		}
		return next.shift() ?? track;
	};
	return {
		rule,
		/** The shard's next GetRecords calls get these faults, one each. */
		fault(...faults: Fault[]) {
			next.push(...faults);
		},
		answersWithRecords: () => answersWithRecords,
	};
}

/** A fault that holds a call back until `release` is called. */
function heldCall() {
	let release: () => void = () => undefined;
	const fault: Fault = {
		kind: 'hold',
		release: new Promise<void>((resolve) => {
			release = resolve;
		}),
	};
	return {fault, release: () => release()};
}

// Each test tails a stream of its own, through a proxy of its own: side by side.
describe.concurrent('all shards in the order the records arrived', () => {
	let client: KinesisClient;

	beforeAll(() => {
		client = engine.client();
	});

	it('lists a shard of ten times the records of another in time order from TRIM_HORIZON, each record once', async (context) => {
		const {expect} = context;
		const stream = uniqueName('uneven');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const {shardIds, hashKeys} = await hashKeysOf(client, stream);
		const writer = shardWriter(expect, client, stream, hashKeys);
		// 600 and 60 records, written over 15 calls, the shards' records interleaved in each (kinesis-
		// local's PutRecords slows with the records a shard holds: the big shard has no more than it
		// needs to be read in several answers).
		for (let call = 0; call < 15; call++) {
			await writer.put([40, 4]);
		}
		// The big shard's first two calls are never answered, as over a link too slow for a full answer:
		// its reader gives each up at the deadline and asks for a tenth as many records the next time
		// (1,000, then 100, then twice as many after each answer), so the shard is read in several
		// answers, while the small one is read in one at once.
		const bigShard = oneShardsCalls(shardIds[0] ?? '');
		bigShard.fault(faults.hang(), faults.hang());
		const proxy = await startTestProxy(context, engine.endpoint, bigShard.rule);
		const proxied = engine.client({endpoint: proxy.url}, {deadlines: {GetRecords: 1000}});
		const service = createTailService(proxied, {capacity: 20_000, flushMs: 50});
		context.onTestFinished(() => service.stop());
		service.start({stream, position: {type: 'TRIM_HORIZON'}});
		await vi.waitFor(() => expect(service.getSnapshot().received).toBe(writer.total()), within);
		service.stop();
		proxied.destroy();
		await proxy.close();
		expect(bigShard.answersWithRecords()).toBeGreaterThan(1);
		const records = listed(service);
		expect(backwards(records)).toEqual([]);
		expectEachOnce(expect, records, writer.counts);
		expect(service.getSnapshot().late).toBeUndefined();
	});

	describe('live, while one shard is read slower than the other', () => {
		/**
		 * A tail of a stream of its own from LATEST through a proxy, with a writer putting three records
		 * into each shard every 100 ms (in one call: for records this small, what the engine spends is
		 * the call's); once records of both shards are listed, the slow shard's next call is held until
		 * `release`.
		 */
		async function liveTail(context: TestContext, options: {stallMs?: number} = {}) {
			const {expect} = context;
			const stream = uniqueName('slow-shard');
			await createActiveStream(client, {name: stream, shardCount: 2});
			const {shardIds, hashKeys} = await hashKeysOf(client, stream);
			const slowShard = shardIds[1] ?? '';
			const slow = oneShardsCalls(slowShard);
			const proxy = await startTestProxy(context, engine.endpoint, slow.rule);
			// The held call must not be given up at its deadline: the tail is to wait for it.
			const proxied = engine.client({endpoint: proxy.url}, {deadlines: {GetRecords: 120_000}});
			const service = createTailService(proxied, {capacity: 20_000, flushMs: 50, ...options});
			context.onTestFinished(() => service.stop());
			service.start({stream, position: {type: 'LATEST'}});
			await vi.waitFor(() => {
				const states = [...service.getSnapshot().shards.values()].map((status) => status.state);
				expect(states).toEqual(['caught-up', 'caught-up']);
			}, within);
			const writer = shardWriter(expect, client, stream, hashKeys);
			let writing = true;
			context.onTestFinished(() => {
				writing = false;
			});
			const written = (async () => {
				while (writing) {
					await writer.put([3, 3]);
					await new Promise((resolve) => setTimeout(resolve, 100));
				}
			})();
			// Both shards' records come through before the slow shard's call is held.
			await vi.waitFor(() => expect(service.getSnapshot().received).toBeGreaterThan(20), within);
			const held = heldCall();
			slow.fault(held.fault);
			return {
				release: held.release,
				slowShard,
				proxy,
				service,
				writer,
				/** Stops writing and waits for every record written to be listed. */
				async finish() {
					writing = false;
					await written;
					await vi.waitFor(
						() => expect(service.getSnapshot().received).toBe(writer.total()),
						within,
					);
					service.stop();
					proxied.destroy();
					await proxy.close();
					return listed(service);
				},
			};
		}

		it('holds the other shard back while it waits, says so, and lists every record in time order', async (context) => {
			const {expect} = context;
			const {release, slowShard, proxy, service, writer, finish} = await liveTail(context);
			await vi.waitFor(() => {
				expect(proxy.stats.faults.hold).toBe(1);
				expect(service.getSnapshot().holding).toEqual({
					shardId: slowShard,
					records: expect.any(Number),
				});
			}, within);
			const {holding, received} = service.getSnapshot();
			expect(holding?.records).toBeGreaterThan(0);
			// Written meanwhile and not listed: the other shard's records wait for the slow one.
			expect(writer.total() - received).toBeGreaterThan(holding?.records ?? 0);
			release();
			await vi.waitFor(() => expect(service.getSnapshot().holding).toBeUndefined(), within);
			const records = await finish();
			expect(backwards(records)).toEqual([]);
			expectEachOnce(expect, records, writer.counts);
			expect(service.getSnapshot().late).toBeUndefined();
		});

		it('stops waiting for a shard silent for too long, says so, and lists what it brings late', async (context) => {
			const {expect} = context;
			const {release, slowShard, proxy, service, writer, finish} = await liveTail(context, {
				stallMs: 3000,
			});
			await vi.waitFor(() => {
				expect(proxy.stats.faults.hold).toBe(1);
				expect(service.getSnapshot().notice).toMatch(
					new RegExp(`^Shard ${slowShard} has not answered for 3 s: the other shards are listed`),
				);
			}, within);
			// Not waited for any more: the other shard's records are listed while the call is still held.
			const before = service.getSnapshot().received;
			await vi.waitFor(
				() => expect(service.getSnapshot().received).toBeGreaterThan(before + 20),
				within,
			);
			release();
			const records = await finish();
			expectEachOnce(expect, records, writer.counts);
			const late = service.getSnapshot().late ?? 0;
			expect(late).toBeGreaterThan(0);
			// The only records out of time order are those counted late, all of the slow shard.
			let newest = 0;
			let outOfOrder = 0;
			for (const record of records) {
				if (record.arrival.getTime() < newest) {
					outOfOrder++;
					expect(record.shardId).toBe(slowShard);
				}
				newest = Math.max(newest, record.arrival.getTime());
			}
			expect(outOfOrder).toBe(late);
		});
	});
});
