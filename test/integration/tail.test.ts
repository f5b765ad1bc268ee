import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {beforeAll, describe, expect, it, vi} from 'vitest';
import type {StartingPosition} from '../../source/model/positions.js';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import type {PollTiming} from '../../source/model/poll-timing.js';
import type {UserRecord} from '../../source/model/records.js';
import {listShards} from '../../source/kinesis/shards.js';
import {type ShardStatus, startTailer, type TailTarget} from '../../source/services/tail/tailer.js';
import {runCli} from '../support/cli.js';
import {useOwnEngine} from '../support/engine.js';
import {type FaultStats, faults, seededRandom, startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, TRANSPORTS, uniqueName} from '../support/kinesis.js';
import {readAllRecords} from '../support/read-back.js';
import {
	checkDelivery,
	type Delivered,
	mergeLowest,
	roundsPass,
	splitLowest,
	startWriter,
} from '../support/tail.js';

const within = {timeout: 100_000, interval: 100};
// Writers, splits, merges and faults for every test: an engine of the file's own.
const engine = useOwnEngine();
/**
 * Quicker polls and shorter backoffs than the production timing, so that tests that wait for a number
 * of faults meet them sooner: the engine is this file's own, and shares its reads with no one.
 */
const quick: PollTiming = {
	behindMs: 50,
	caughtUpMs: 100,
	throttleBaseMs: 100,
	retryBaseMs: 100,
	maxBackoffMs: 1000,
};
const text = (record: UserRecord) => new TextDecoder().decode(record.data);

type Collected = {
	records: UserRecord[];
	states: Set<string>;
	shards: () => ReadonlyMap<string, ShardStatus>;
	stop(): void;
	done: Promise<void>;
};

function tail(
	client: KinesisClient,
	target: TailTarget,
	options: Parameters<typeof startTailer>[3] = {},
): Collected {
	const records: UserRecord[] = [];
	const states = new Set<string>();
	let shards: ReadonlyMap<string, ShardStatus> = new Map();
	const tailer = startTailer(
		client,
		target,
		{
			onRecords(batch) {
				records.push(...batch);
			},
			onShards(next) {
				shards = next;
				for (const status of next.values()) {
					states.add(status.state);
				}
			},
		},
		{timing: quick, ...options},
	);
	return {records, states, shards: () => shards, stop: tailer.stop, done: tailer.done};
}

/** Every shard has read all there is (or waits on nothing more): any record still to come is a repeat. */
async function settled(collected: Collected, count: number) {
	await vi.waitFor(() => {
		expect(collected.records.length).toBeGreaterThanOrEqual(count);
		const states = [...collected.shards().values()].map((status) => status.state);
		expect(states.length).toBeGreaterThan(0);
		expect(states.every((state) => state === 'caught-up' || state === 'done')).toBe(true);
	}, within);
}

const delivered = (records: readonly UserRecord[]): Delivered[] =>
	records.map((record) => ({partitionKey: record.partitionKey, data: text(record)}));

// Every describe of this file works on streams (and proxies) of its own: they run side by side. In
// this one, the tests read the stream beforeAll wrote, side by side; the LATEST test, which writes
// to it, comes after them.
describe.concurrent.each(TRANSPORTS)('where each iterator type starts, over %s', (transport) => {
	let client: KinesisClient;
	const stream = uniqueName('positions');
	let first: UserRecord[] = [];
	let shardId = '';

	const put = async (from: number, to: number) => {
		const records = Array.from({length: to - from}, (_, index) => ({
			partitionKey: `p-${from + index}`,
			data: new TextEncoder().encode(`record ${from + index}`),
		}));
		const outcomes = await putRecordBatch(client, stream, records);
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
	};
	const read = async (position: StartingPosition, count: number) => {
		const collected = tail(client, {stream, shardId, position});
		await settled(collected, count);
		collected.stop();
		return collected.records.map(text);
	};

	beforeAll(async () => {
		client = engine.client(engine.over(transport));
		await createActiveStream(client, {name: stream, shardCount: 1});
		shardId = (await listShards(client, stream))[0]?.shardId ?? '';
		await put(0, 5);
		// The second batch arrives at a later time than the first, for AT_TIMESTAMP to fall between:
		// it is written once the clock (the engine's, on this machine) has passed the first's arrival.
		const arrivals = await readAllRecords(client, stream);
		const firstArrived = Math.max(...arrivals.map((record) => record.arrivedAt.getTime()));
		await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(firstArrived));
		await put(5, 10);
		const collected = tail(client, {stream, shardId, position: {type: 'TRIM_HORIZON'}});
		await settled(collected, 10);
		collected.stop();
		first = collected.records;
	});

	it('TRIM_HORIZON: from the oldest record', ({expect}) => {
		expect(first.map(text)).toEqual(Array.from({length: 10}, (_, index) => `record ${index}`));
	});

	it('AT_SEQUENCE_NUMBER: from that record; AFTER_SEQUENCE_NUMBER: from the one after', async ({
		expect,
	}) => {
		const third = first[3]?.sequenceNumber ?? '';
		expect(await read({type: 'AT_SEQUENCE_NUMBER', sequenceNumber: third}, 7)).toEqual(
			Array.from({length: 7}, (_, index) => `record ${index + 3}`),
		);
		expect(await read({type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: third}, 6)).toEqual(
			Array.from({length: 6}, (_, index) => `record ${index + 4}`),
		);
	});

	it('AT_TIMESTAMP: from the first record that arrived at that time or later', async ({expect}) => {
		const timestamp = first[5]?.approximateArrivalTimestamp ?? new Date();
		expect(first[4]?.approximateArrivalTimestamp.getTime()).toBeLessThan(timestamp.getTime());
		expect(await read({type: 'AT_TIMESTAMP', timestamp}, 5)).toEqual(
			Array.from({length: 5}, (_, index) => `record ${index + 5}`),
		);
	});

	it.sequential('LATEST: only what arrives after the tail started', async ({expect}) => {
		const collected = tail(client, {stream, shardId, position: {type: 'LATEST'}});
		await vi.waitFor(
			() => expect(collected.shards().get(shardId)?.state).toBe('caught-up'),
			within,
		);
		await put(10, 13);
		await settled(collected, 3);
		collected.stop();
		expect(collected.records.map(text)).toEqual(['record 10', 'record 11', 'record 12']);
	});
});

describe.concurrent('a LATEST tail through a proxy that expires its iterators', () => {
	let client: KinesisClient;
	const stream = uniqueName('latest-expired');

	beforeAll(async () => {
		client = engine.client();
		await createActiveStream(client, {name: stream, shardCount: 1});
		const outcomes = await putRecordBatch(client, stream, [
			{partitionKey: 'before', data: new TextEncoder().encode('before the tail')},
		]);
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
	});

	it('LATEST, its iterator expired before any record came: still from where it began', async ({
		expect,
	}) => {
		const proxy = await startFaultProxy(engine.endpoint);
		const proxied = engine.client({endpoint: proxy.url});
		let expired = 0;
		proxy.setRule((request) =>
			request.operation === 'GetRecords' && expired++ < 3 ? faults.expiredIterator() : undefined,
		);
		const collected = tail(proxied, {stream, position: {type: 'LATEST'}});
		await vi.waitFor(
			() => expect([...collected.shards().values()][0]?.state).toBe('caught-up'),
			within,
		);
		const outcomes = await putRecordBatch(
			client,
			stream,
			[13, 14, 15].map((n) => ({
				partitionKey: `p-${n}`,
				data: new TextEncoder().encode(`record ${n}`),
			})),
		);
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
		await settled(collected, 3);
		collected.stop();
		expect(collected.records.map(text)).toEqual(['record 13', 'record 14', 'record 15']);
		expect(proxy.stats.faults.ExpiredIteratorException).toBe(3);
		proxied.destroy();
		await proxy.close();
	});
});
// The tests only read the stream the writer left: side by side.
describe.concurrent('a tail across a split and a merge', () => {
	let client: KinesisClient;
	const stream = uniqueName('reshard');
	let writer: ReturnType<typeof startWriter>;
	let total = 0;

	beforeAll(async () => {
		client = engine.client();
		await createActiveStream(client, {name: stream, shardCount: 2});
		writer = startWriter(client, stream, {keys: 12, aggregateKeys: 2});
		await roundsPass(writer, 4);
		await splitLowest(client, stream);
		await roundsPass(writer, 4);
		await mergeLowest(client, stream);
		await roundsPass(writer, 4);
		total = await writer.stop();
	});

	describe.each(TRANSPORTS)('over %s', (transport) => {
		let reader: KinesisClient;
		beforeAll(() => {
			reader = engine.client(engine.over(transport));
		});

		it('prints with tail --json --max N exactly the N records written, each once, in order per key', async () => {
			const shards = await listShards(reader, stream);
			expect(shards.filter((shard) => shard.sequenceNumberRange.end !== undefined)).toHaveLength(3);
			const result = await runCli([
				'tail',
				stream,
				'--from',
				'trim-horizon',
				'--shard',
				'all',
				'--json',
				'--max',
				String(total),
				...engine.endpointFlags(transport),
			]);
			expect(result.code).toBe(0);
			const lines = result.stdout.trimEnd().split('\n');
			expect(lines).toHaveLength(total);
			const records = lines.map(
				(line) =>
					JSON.parse(line) as {
						stream: string;
						partitionKey: string;
						data: string;
						encoding: string;
						subSequenceNumber?: number;
					},
			);
			expect(
				records.every((record) => record.stream === stream && record.encoding === 'utf8'),
			).toBe(true);
			expect(checkDelivery(records, writer.written)).toEqual([]);
			// The aggregates came out as their sub-records.
			const subRecords = records.filter((record) => record.partitionKey.startsWith('kpl-'));
			expect(subRecords.length).toBeGreaterThan(0);
			expect(subRecords.every((record) => record.subSequenceNumber !== undefined)).toBe(true);
			expect(result.stderr).not.toMatch(/error|fail/i);
		});

		it('follows one shard into its children, and reads no other', async () => {
			// Shard 0 was split into two children, which were merged into one: that is its lineage.
			// Shard 1 was never resharded: a tail of shard 0 has no business there.
			const shards = await listShards(reader, stream);
			const lineage = new Set([shards[0]!.shardId]);
			for (const shard of shards) {
				if (
					[shard.parentShardId, shard.adjacentParentShardId].some((id) => id && lineage.has(id))
				) {
					lineage.add(shard.shardId);
				}
			}
			expect(lineage.size).toBe(4);
			const unrelated = shards.find((shard) => !lineage.has(shard.shardId))!.shardId;
			const collected = tail(reader, {
				stream,
				shardId: shards[0]!.shardId,
				position: {type: 'TRIM_HORIZON'},
			});
			const held = (await readAllRecords(client, stream)).filter((record) =>
				lineage.has(record.shardId),
			);
			await vi.waitFor(() => expect(collected.shards().size).toBe(lineage.size), within);
			await settled(collected, held.length);
			collected.stop();
			expect(new Set(collected.shards().keys())).toEqual(lineage);
			expect(collected.shards().has(unrelated)).toBe(false);
			// Every record of the lineage, each once (an aggregate as its three sub-records).
			const key = (record: {shardId: string; sequenceNumber: string}) =>
				`${record.shardId} ${record.sequenceNumber}`;
			const plain = collected.records.filter((record) => record.subSequenceNumber === undefined);
			const aggregates = held.filter((record) => record.partitionKey.startsWith('kpl-'));
			expect(plain.map(key).sort()).toEqual(
				held
					.filter((record) => !record.partitionKey.startsWith('kpl-'))
					.map(key)
					.sort(),
			);
			expect(collected.records).toHaveLength(plain.length + aggregates.length * 3);
		});
	});

	it('reads the children from ListShards when the engine does not name them (as kinesalite)', async () => {
		const proxy = await startFaultProxy(engine.endpoint, (request) =>
			request.operation === 'GetRecords'
				? {kind: 'rewrite', answer: ({ChildShards: _, ...rest}) => rest}
				: undefined,
		);
		const proxied = engine.client({endpoint: proxy.url});
		const collected = tail(
			proxied,
			{stream, position: {type: 'TRIM_HORIZON'}},
			{discoverMs: 60_000},
		);
		await settled(collected, total);
		collected.stop();
		expect(collected.records).toHaveLength(total);
		expect(checkDelivery(delivered(collected.records), writer.written)).toEqual([]);
		expect(proxy.stats.operations.ListShards).toBeGreaterThan(1);
		proxied.destroy();
		await proxy.close();
	});

	// Over HTTP/1.1 only: kinesis-local's HTTP/2 cannot carry a subscription (see the README).
	it('delivers by enhanced fan-out what polling delivers', async () => {
		const proxy = await startFaultProxy(engine.endpoint);
		const polled = tail(client, {stream, position: {type: 'TRIM_HORIZON'}});
		const pushed = tail(
			engine.client({endpoint: proxy.url}),
			{stream, position: {type: 'TRIM_HORIZON'}, consumer: 'explorer-test'},
			{discoverMs: 500},
		);
		await settled(polled, total);
		// All read: polling on would only keep the engine busy while the subscriptions catch up.
		polled.stop();
		await settled(pushed, total);
		pushed.stop();
		await proxy.close();
		expect(pushed.records).toHaveLength(total);
		expect(checkDelivery(delivered(pushed.records), writer.written)).toEqual([]);
		const key = (record: UserRecord) =>
			`${record.shardId} ${record.sequenceNumber} ${record.subSequenceNumber ?? ''}`;
		expect(new Set(pushed.records.map(key))).toEqual(new Set(polled.records.map(key)));
		// Pushed by subscriptions, each shard's own: not polled.
		expect(proxy.stats.operations.SubscribeToShard).toBeGreaterThanOrEqual(pushed.shards().size);
		expect(proxy.stats.operations.GetRecords).toBeUndefined();
		expect(proxy.stats.operations.GetShardIterator).toBeUndefined();
	});
});

// Each test waits for its faults to happen, on a stream of its own: side by side.
describe.concurrent('a tail through faults', () => {
	let client: KinesisClient;

	beforeAll(() => {
		client = engine.client();
	});

	/** Tails through the proxy while a writer writes, until the faults asked for have happened. */
	async function faultyTail(
		rule: Parameters<typeof startFaultProxy>[1],
		enough: (stats: FaultStats) => void,
		{consumer, afterFaults}: {consumer?: string; afterFaults?: (stats: FaultStats) => void} = {},
	) {
		const stream = uniqueName('faults');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const proxy = await startFaultProxy(engine.endpoint, rule);
		const proxied = engine.client({endpoint: proxy.url});
		const collected = tail(
			proxied,
			{stream, position: {type: 'TRIM_HORIZON'}, consumer},
			{discoverMs: 1000},
		);
		// A round (one call) every 400 ms or so: records keep coming all through the faults (rounds
		// between a shard's faults, several in each 1.5 s subscription), and each call costs the engine
		// as much as a round of polls of both shards.
		const writer = startWriter(client, stream, {keys: 6, aggregateKeys: 1, pauseMs: 400});
		await vi.waitFor(() => enough(proxy.stats), within);
		const total = await writer.stop();
		await vi.waitFor(() => expect(collected.records.length).toBeGreaterThanOrEqual(total), within);
		// Every record came through the faults. They stop now so that the shards can be seen caught up
		// all at once (with a subscription cut every 1.5 s they rarely are): a record still to come
		// would be a repeat.
		proxy.setRule(() => undefined);
		await settled(collected, total);
		if (afterFaults) {
			await vi.waitFor(() => afterFaults(proxy.stats), within);
		}
		collected.stop();
		proxied.destroy();
		await proxy.close();
		return {collected, total, written: writer.written, stats: proxy.stats};
	}

	it('renews an expired iterator mid-tail, neither losing nor repeating a record', async () => {
		let getRecords = 0;
		const {collected, total, written, stats} = await faultyTail(
			(request) =>
				request.operation === 'GetRecords' && ++getRecords % 4 === 0
					? faults.expiredIterator()
					: undefined,
			(stats) => expect(stats.faults.ExpiredIteratorException).toBeGreaterThan(6),
			{
				// The last iterator can expire after the last record came: its renewal is still to
				// come when every record is in, and it comes (with nothing failing any more).
				afterFaults: (stats) =>
					expect(stats.operations.GetShardIterator).toBeGreaterThanOrEqual(
						2 + (stats.faults.ExpiredIteratorException ?? 0),
					),
			},
		);
		expect(collected.records).toHaveLength(total);
		expect(checkDelivery(delivered(collected.records), written)).toEqual([]);
		expect(stats.faults.ExpiredIteratorException).toBeGreaterThan(6);
		// Two shards' first iterators, and one more for each renewal.
		expect(stats.operations.GetShardIterator).toBeGreaterThanOrEqual(
			2 + (stats.faults.ExpiredIteratorException ?? 0),
		);
		expect(collected.states.has('renewing')).toBe(true);
	});

	it('keeps going through throttling, server errors and reset connections, backing off', async () => {
		const random = seededRandom(7);
		let getRecords = 0;
		const {collected, total, written, stats} = await faultyTail(
			(request) => {
				if (request.operation !== 'GetRecords') {
					return undefined;
				}
				getRecords++;
				// Bursts long enough to outlast the SDK's own three attempts, then faults at random.
				if (getRecords > 4 && getRecords <= 12) {
					return faults.throttle();
				}
				if (getRecords > 16 && getRecords <= 24) {
					return faults.reset();
				}
				const roll = random();
				return roll < 0.08
					? faults.throttle()
					: roll < 0.14
						? faults.serverError()
						: roll < 0.2
							? faults.unavailable()
							: roll < 0.24
								? faults.reset()
								: undefined;
			},
			() => expect(getRecords).toBeGreaterThan(60),
		);
		expect(collected.records).toHaveLength(total);
		expect(checkDelivery(delivered(collected.records), written)).toEqual([]);
		expect(collected.states.has('throttled')).toBe(true);
		expect(collected.states.has('retrying')).toBe(true);
		expect(stats.faults.ProvisionedThroughputExceededException).toBeGreaterThan(8);
		expect(stats.faults.reset).toBeGreaterThan(8);
	});

	it('resubscribes by enhanced fan-out from where a broken subscription stopped', async () => {
		const {collected, total, written, stats} = await faultyTail(
			(request) =>
				request.operation === 'SubscribeToShard' ? {kind: 'cutAfter', ms: 1500} : undefined,
			(stats) => expect(stats.faults.cutAfter).toBeGreaterThan(5),
			{consumer: 'explorer-cut'},
		);
		expect(collected.records).toHaveLength(total);
		expect(checkDelivery(delivered(collected.records), written)).toEqual([]);
		expect(stats.operations.SubscribeToShard).toBeGreaterThan(5);
		expect(stats.operations.GetRecords).toBeUndefined();
	});
});
