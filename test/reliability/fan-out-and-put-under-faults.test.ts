import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {beforeAll, describe, expect, it, vi} from 'vitest';
import {type BulkRecord, putMany} from '../../source/kinesis/producer.js';
import type {UserRecord} from '../../source/kinesis/records.js';
import {type ShardStatus, startTailer} from '../../source/kinesis/tailer.js';
import {createNumbering, printFigures, tallyDelivery, writeNumbered} from '../support/delivery.js';
import {
	faults,
	randomFaults,
	seededRandom,
	startFaultProxy,
	type FaultRule,
} from '../support/fault-proxy.js';
import {useOwnEngine} from '../support/engine.js';
import {createActiveStream, uniqueName} from '../support/kinesis.js';
import {occurrences, readAllRecords} from '../support/read-back.js';
import {splitLowest} from '../support/tail.js';

const text = new TextDecoder();
// Thousands of records through faults: an engine of the file's own.
const engine = useOwnEngine();

/** Where each shard's reading is, for a failure message. */
const shardStates = (shards: ReadonlyMap<string, ShardStatus>) =>
	[...shards]
		.map(([id, status]) => `${id} ${status.state} ${status.records} ${status.problem ?? ''}`)
		.join('\n');

describe('enhanced fan-out through faults, subscriptions cut mid-stream', () => {
	let client: KinesisClient;
	beforeAll(() => {
		client = engine.client();
	});

	it('delivers 2,000 records across a split, each once, in order per partition key', async () => {
		const stream = uniqueName('efo-faults');
		await createActiveStream(client, {name: stream, shardCount: 4});
		const random = seededRandom(31);
		const others = randomFaults(32, {throttle: 0.3, serverError: 0.05, reset: 0.02});
		// Each shard's first two subscriptions are cut 1.5 s into their answer, while records still come;
		// a tenth of the others are refused as over the limit. (The engine holds a cut subscription a
		// while, answering ResourceInUseException, so every cut costs seconds: a few make the point.)
		const cuts = new Map<string, number>();
		const rule: FaultRule = (request) => {
			if (request.operation !== 'SubscribeToShard') {
				return others(request);
			}
			const shard = String(request.body.ShardId);
			const cut = cuts.get(shard) ?? 0;
			if (cut < 2) {
				cuts.set(shard, cut + 1);
				return {kind: 'cutAfter', ms: 1500};
			}
			return random() < 0.1 ? faults.limitExceeded() : undefined;
		};
		const proxy = await startFaultProxy(engine.endpoint, rule);
		const proxied = engine.client({endpoint: proxy.url});
		const delivered: Array<{partitionKey: string; data: string}> = [];
		let shards: ReadonlyMap<string, ShardStatus> = new Map();
		const tailer = startTailer(
			proxied,
			{stream, position: {type: 'TRIM_HORIZON'}, consumer: 'reliability'},
			{
				onRecords(records: UserRecord[]) {
					for (const record of records) {
						delivered.push({partitionKey: record.partitionKey, data: text.decode(record.data)});
					}
				},
				onShards(next) {
					shards = next;
				},
			},
			{discoverMs: 1000, random: seededRandom(33)},
		);
		let failure: unknown;
		tailer.done.catch((error: unknown) => {
			failure = error;
		});
		const numbering = createNumbering();
		await writeNumbered(client, stream, numbering, {count: 1000, keys: 100});
		await splitLowest(client, stream);
		await writeNumbered(client, stream, numbering, {count: 1000, keys: 100});
		await vi.waitFor(
			() => {
				expect(failure).toBeUndefined();
				expect(delivered.length, shardStates(shards)).toBeGreaterThanOrEqual(2000);
			},
			{timeout: 100_000, interval: 200},
		);
		// Every shard has delivered all that it holds (a cut subscription can leave a shard waiting out
		// ResourceInUseException for a while, so "caught up" may not be seen): a record that came now
		// would be a repeat.
		const held = occurrences(
			(await readAllRecords(client, stream)).map((record) => record.shardId),
		);
		await vi.waitFor(
			() => {
				for (const [shardId, count] of held) {
					expect(shards.get(shardId)?.records, shardStates(shards)).toBeGreaterThanOrEqual(count);
				}
			},
			{timeout: 30_000, interval: 100},
		);
		tailer.stop();
		proxied.destroy();
		await proxy.close();

		const tally = tallyDelivery(delivered, numbering.written);
		printFigures('enhanced fan-out, 4 shards and a split', tally, proxy.stats);
		expect(tally.problems).toEqual([]);
		expect(tally).toMatchObject({written: 2000, delivered: 2000, lost: 0, repeated: 0});
		expect(tally.outOfOrder).toBe(0);
		// Each shard's subscriptions were cut (a closed parent may end before its second cut).
		expect(proxy.stats.faults.cutAfter).toBeGreaterThanOrEqual(8);
	});
});

describe('a bulk put through faults and failed entries', () => {
	it('lands each of 3,000 records once, in order per key', async () => {
		const client = engine.client();
		const stream = uniqueName('put-faults');
		await createActiveStream(client, {name: stream, shardCount: 4});
		const proxy = await startFaultProxy(
			engine.endpoint,
			randomFaults(
				44,
				{throttle: 0.3, serverError: 0.025, unavailable: 0.025, reset: 0.02, failEntries: 0.3},
				['PutRecords'],
			),
		);
		const proxied = engine.client({endpoint: proxy.url});
		const numbering = createNumbering();
		const records: BulkRecord[] = Array.from({length: 3000}, (_, index) =>
			numbering.next(`key-${index % 300}`),
		);
		const summary = await putMany(proxied, stream, records, {
			ordered: true,
			backoff: {baseMs: 20, maxMs: 500},
		});
		proxied.destroy();
		await proxy.close();

		const read = await readAllRecords(client, stream);
		client.destroy();
		const tally = tallyDelivery(read, numbering.written);
		printFigures('bulk put, 4 shards', tally, proxy.stats);
		expect(summary).toMatchObject({landed: 3000, failed: 0});
		expect(tally.problems).toEqual([]);
		expect(tally).toMatchObject({written: 3000, delivered: 3000, lost: 0, repeated: 0});
		expect(tally.outOfOrder).toBe(0);
		expect(proxy.stats.failedEntries).toBeGreaterThan(50);
		expect(proxy.stats.faults.ProvisionedThroughputExceededException).toBeGreaterThan(10);
		expect(summary.retried).toBeGreaterThan(50);
	});
});
