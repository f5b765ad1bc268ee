import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, type ExpectStatic, it, vi} from 'vitest';
import {hashKeyOf, rangeHolds} from '../../source/model/hash-keys.js';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import type {OutgoingRecord} from '../../source/model/record-limits.js';
import type {Shard} from '../../source/model/shard.js';
import {listShards} from '../../source/kinesis/shards.js';
import {createCapacityService} from '../../source/services/capacity/capacity-service.js';
import {readCapacity} from '../../source/services/capacity/capacity-read.js';
import {createTailService} from '../../source/services/tail/tail-service.js';
import {runCli} from '../support/cli.js';
import {useOwnEngine} from '../support/engine.js';
import {startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, uniqueName} from '../support/kinesis.js';
import {type ReadRecord, readAllRecords} from '../support/read-back.js';

/**
 * Workloads of known shape written by hand into streams of this file's engine, then measured by
 * `stats --json` and by the capacity service, and compared with the truth: the records read back
 * with their arrival times, and their hash keys recomputed from their partition keys.
 */

const engine = useOwnEngine();
const within = {timeout: 100_000, interval: 50};
const MIB = 1024 * 1024;

type StatsShard = {
	shardId: string;
	records: number;
	bytes: number;
	recordsPerSecond: number;
	bytesPerSecond: number;
	peakRecordsPerSecond: number;
	peakBytesPerSecond: number;
	hot: boolean;
	topKeys: Array<{partitionKey: string; records: number; share: number}>;
	split: {hashKey: string; lowerShare: number} | null;
	keyOverLimit: string | null;
};
type Stats = {
	stream: string;
	from: string;
	until: string;
	records: number;
	bytes: number;
	calls: number;
	shards: StatsShard[];
	mergeCandidates: Array<[string, string]>;
};

const encoder = new TextEncoder();
const data = (bytes: number) => encoder.encode('x'.repeat(bytes));

/** Sends the records, in PutRecords calls of at most 500 records and 4.5 MiB, each entry until it lands. */
async function write(client: KinesisClient, stream: string, records: OutgoingRecord[]) {
	let batch: OutgoingRecord[] = [];
	let bytes = 0;
	const send = async () => {
		while (batch.length > 0) {
			const outcomes = await putRecordBatch(client, stream, batch);
			batch = batch.filter((_, index) => !outcomes[index]?.ok);
		}
		bytes = 0;
	};
	for (const record of records) {
		if (batch.length === 500 || bytes + record.data.length > 4.5 * MIB) {
			await send();
		}
		batch.push(record);
		bytes += record.data.length;
	}
	await send();
}

/**
 * `count[i]` keys of their own (one record each) for each shard i, found by MD5 among user-0,
 * user-1 …, and only where `accept` takes their hash key.
 */
function keysFor(
	shards: readonly Shard[],
	count: readonly number[],
	accept: (hashKey: bigint) => boolean = () => true,
): string[] {
	const wanted = [...count];
	const keys: string[] = [];
	for (let index = 0; wanted.some((left) => left > 0); index++) {
		const key = `user-${index}`;
		const hashKey = hashKeyOf(key);
		const shard = shards.findIndex((candidate) => rangeHolds(candidate.hashKeyRange, hashKey));
		if ((wanted[shard] ?? 0) > 0 && accept(hashKey)) {
			wanted[shard]!--;
			keys.push(key);
		}
	}
	return keys;
}

async function stats(expect: ExpectStatic, stream: string, ...flags: string[]) {
	const result = await runCli([
		'stats',
		stream,
		'--json',
		...flags,
		'--endpoint-url',
		engine.endpoint,
	]);
	expect(result.code, result.stderr).toBe(0);
	return JSON.parse(result.stdout) as Stats;
}

/** Per shard, per second: the records and bytes (with their keys) the engine stamped. */
function busiest(records: readonly ReadRecord[], which: (record: ReadRecord) => boolean) {
	const seconds = new Map<number, {records: number; bytes: number}>();
	for (const record of records.filter(which)) {
		const second = Math.floor(record.arrivedAt.getTime() / 1000);
		const counts = seconds.get(second) ?? {records: 0, bytes: 0};
		counts.records++;
		counts.bytes += Buffer.byteLength(record.data) + Buffer.byteLength(record.partitionKey);
		seconds.set(second, counts);
	}
	const all = [...seconds.values()];
	return {
		records: Math.max(0, ...all.map((counts) => counts.records)),
		bytes: Math.max(0, ...all.map((counts) => counts.bytes)),
	};
}

// The tests only read the streams the hook wrote: side by side.
describe.concurrent('capacity on the engine', () => {
	let client: KinesisClient;
	const skewed = uniqueName('skewed');
	const even = uniqueName('even');
	const firehose = uniqueName('firehose');
	const onDemand = uniqueName('on-demand');
	let hotKey = '';
	let hotShard: Shard;
	let skewedShards: Shard[];
	// The skewed stream's records as the engine holds them, read once for the tests that compare.
	let skewedTruth: Promise<ReadRecord[]> | undefined;
	const skewedRecords = () => (skewedTruth ??= readAllRecords(client, skewed));

	beforeAll(async () => {
		client = engine.client();
		await Promise.all([
			createActiveStream(client, {name: skewed, shardCount: 4}),
			createActiveStream(client, {name: even, shardCount: 4}),
			createActiveStream(client, {name: firehose, shardCount: 2}),
			createActiveStream(client, {name: onDemand, onDemand: true}),
		]);

		// Skewed: one key carries 57.5% of its shard's records (100 of 174), every other key one
		// record, 74 in each shard. The hot key sits at the low end of its shard, none of the shard's
		// other keys below it: a split just above it leaves 57.5% below and 42.5% above. (A key in the
		// middle of its shard would leave 20/80 at best: one key's records never divide.)
		const shards = await listShards(client, skewed);
		skewedShards = shards;
		for (let index = 0; !hotKey; index++) {
			const hashKey = hashKeyOf(`hot-${index}`);
			const shard = shards.find((candidate) => rangeHolds(candidate.hashKeyRange, hashKey))!;
			if (
				hashKey - shard.hashKeyRange.start <
				(shard.hashKeyRange.end - shard.hashKeyRange.start) / 20n
			) {
				hotKey = `hot-${index}`;
				hotShard = shard;
			}
		}
		const hotHash = hashKeyOf(hotKey);
		const others = keysFor(shards, [74, 74, 74, 74], (hashKey) =>
			rangeHolds(hotShard.hashKeyRange, hashKey) ? hashKey > hotHash : true,
		);
		const hot = Array.from({length: 100}, () => hotKey);
		// Interleaved, so that the hot key is 57.5% of its shard in every second as in the window.
		const keys = others.flatMap((key, index) => [
			key,
			...hot.slice((index * 100) / 296, ((index + 1) * 100) / 296),
		]);
		await write(
			client,
			skewed,
			keys.map((partitionKey) => ({partitionKey, data: data(100)})),
		);

		// The engine stamps every record of a PutRecords call with one arrival time (kinesis-mock takes
		// the time once a request): a call's bytes land in one second. The tests check the seconds the
		// records read back carry.

		// Even: 15 keys a shard, 8 KiB each, in one call: each shard's busiest second (0.12 MiB) between
		// a tenth and nine tenths of its limits (more bytes would prove no more, and cost the engine).
		const evenKeys = keysFor(await listShards(client, even), [15, 15, 15, 15]);
		await write(
			client,
			even,
			evenKeys.map((partitionKey) => ({partitionKey, data: data(8192)})),
		);

		// One key writes 1.2 MiB in one PutRecords call: more than a shard's 1 MiB in the one second
		// the call's records are stamped with.
		await write(client, firehose, [
			...Array.from({length: 12}, () => ({partitionKey: 'firehose', data: data(100 * 1024)})),
			...Array.from({length: 20}, (_, index) => ({
				partitionKey: `quiet-${index}`,
				data: data(100),
			})),
		]);

		await write(
			client,
			onDemand,
			Array.from({length: 200}, () => ({partitionKey: 'same', data: data(100)})),
		);
	});
	afterAll(() => client.destroy());

	it('names the skewed shard hot, its key at 60 ± 5%, and a split that halves its records', async ({
		expect,
	}) => {
		const result = await stats(expect, skewed);
		const truth = await skewedRecords();
		expect(result.records).toBe(truth.length);
		expect(result.stream).toBe(skewed);
		expect(Object.keys(result)).toEqual([
			'stream',
			'from',
			'until',
			'records',
			'bytes',
			'calls',
			'shards',
			'mergeCandidates',
		]);
		expect(result.calls).toBeGreaterThanOrEqual(4);
		const [first, ...rest] = result.shards;
		expect(first?.shardId).toBe(hotShard.shardId);
		expect(first?.hot).toBe(true);
		expect(rest.every((shard) => !shard.hot && shard.split === null)).toBe(true);
		expect(Object.keys(first!)).toEqual([
			'shardId',
			'records',
			'bytes',
			'recordsPerSecond',
			'bytesPerSecond',
			'peakRecordsPerSecond',
			'peakBytesPerSecond',
			'hot',
			'topKeys',
			'split',
			'keyOverLimit',
		]);

		const inShard = truth.filter((record) => record.shardId === hotShard.shardId);
		expect(first?.records).toBe(inShard.length);
		const bytes = inShard.reduce(
			(sum, record) =>
				sum + Buffer.byteLength(record.data) + Buffer.byteLength(record.partitionKey),
			0,
		);
		expect(first?.bytes).toBe(bytes);
		const span = (Date.parse(result.until) - Date.parse(result.from)) / 1000;
		expect(first?.recordsPerSecond).toBeCloseTo(inShard.length / span, 6);
		expect(first?.peakRecordsPerSecond).toBe(busiest(inShard, () => true).records);
		expect(first?.keyOverLimit).toBeNull();

		const [top] = first!.topKeys;
		expect(top?.partitionKey).toBe(hotKey);
		expect(Math.abs(top!.share - 0.6)).toBeLessThanOrEqual(0.05);
		expect(top?.share).toBe(
			inShard.filter((record) => record.partitionKey === hotKey).length / inShard.length,
		);

		// The split, checked against the records' own MD5 hash keys.
		const split = BigInt(first!.split!.hashKey);
		expect(rangeHolds(hotShard.hashKeyRange, split)).toBe(true);
		expect(split).toBeGreaterThan(hotShard.hashKeyRange.start);
		const below =
			inShard.filter((record) => hashKeyOf(record.partitionKey) < split).length / inShard.length;
		expect(first!.split!.lowerShare).toBe(below);
		expect(Math.abs(below - 0.5)).toBeLessThanOrEqual(0.1);
		expect(Math.abs(1 - below - 0.5)).toBeLessThanOrEqual(0.1);
	});

	it('says the same for people: the hot shard first, where to split it', async ({expect}) => {
		const result = await runCli(['stats', skewed, '--endpoint-url', engine.endpoint]);
		expect(result.code).toBe(0);
		const lines = result.stdout.split('\n');
		expect(lines[0]).toMatch(new RegExp(`^${skewed} · provisioned · `));
		expect(lines[4]).toMatch(
			new RegExp(`^${hotShard.shardId} {2}HOT: \\d+% of the records on 25% of the key space$`),
		);
		expect(result.stdout).toMatch(
			new RegExp(`Split ${hotShard.shardId} at \\d+: 5\\d% of its records`),
		);
		expect(result.stdout).toContain(`"${hotKey}" 5`);
		// Progress on stderr, not on stdout; a line a second away from a terminal, then the last one.
		expect(result.stderr).toMatch(/stats: █{20} 100% · [\d,]+ records · \d+ GetRecords calls\n$/);
	});

	it('flags a key over its shard’s limit on its own, and offers no split for it', async ({
		expect,
	}) => {
		const truth = await readAllRecords(client, firehose);
		// What the engine stamped: the key's busiest second is over 1 MiB.
		expect(busiest(truth, (record) => record.partitionKey === 'firehose').bytes).toBeGreaterThan(
			MIB,
		);
		const result = await stats(expect, firehose);
		const [first] = result.shards;
		expect(first).toMatchObject({hot: true, keyOverLimit: 'firehose', split: null});
		expect(first?.peakBytesPerSecond).toBeGreaterThan(MIB);
		expect(result.shards.slice(1).every((shard) => shard.keyOverLimit === null)).toBe(true);
	});

	it('flags nothing on an even workload', async ({expect}) => {
		const truth = await readAllRecords(client, even);
		// What the engine stamped: each shard's busiest second between a tenth and nine tenths of 1 MiB.
		for (const shard of await listShards(client, even)) {
			const peak = busiest(truth, (record) => record.shardId === shard.shardId).bytes;
			expect(peak).toBeGreaterThan(0.1 * MIB);
			expect(peak).toBeLessThan(0.9 * MIB);
		}
		const result = await stats(expect, even);
		expect(result.records).toBe(60);
		for (const shard of result.shards) {
			expect(shard).toMatchObject({hot: false, split: null, keyOverLimit: null});
		}
		expect(result.mergeCandidates).toEqual([]);
	});

	it('on-demand: the same numbers, and no resharding advice', async ({expect}) => {
		const result = await stats(expect, onDemand);
		expect(result.records).toBe(200);
		expect(result.mergeCandidates).toEqual([]);
		expect(result.shards.every((shard) => shard.split === null)).toBe(true);
		expect(result.shards[0]).toMatchObject({records: 200, hot: true});
		const text = await runCli(['stats', onDemand, '--endpoint-url', engine.endpoint]);
		expect(text.stdout).toContain(
			'On-demand: Kinesis adds and removes this stream’s shards itself',
		);
	});

	it('reads politely: at most 5 GetRecords a second per shard, and stops at the window’s end', async ({
		expect,
	}) => {
		// The engine answers each shard's window in one call: the proxy says "behind" seven times a
		// shard, so that each is polled as a shard with more to read is, eight calls in all.
		const BEHIND = 7;
		const shardOf = new Map<string, string>();
		const sent = new Map<string, number[]>();
		const faked = new Map<string, number>();
		const proxy = await startFaultProxy(engine.endpoint, (request) => {
			if (request.operation === 'GetShardIterator') {
				const shardId = String(request.body.ShardId);
				return {
					kind: 'rewrite',
					answer(body) {
						shardOf.set(String(body.ShardIterator), shardId);
						return body;
					},
				};
			}
			if (request.operation === 'GetRecords') {
				const shardId = shardOf.get(String(request.body.ShardIterator)) ?? 'unknown';
				sent.set(shardId, [...(sent.get(shardId) ?? []), Date.now()]);
				return {
					kind: 'rewrite',
					answer(body) {
						shardOf.set(String(body.NextShardIterator), shardId);
						const times = faked.get(shardId) ?? 0;
						if (times < BEHIND) {
							faked.set(shardId, times + 1);
							return {...body, MillisBehindLatest: 60_000};
						}
						return body;
					},
				};
			}
			return undefined;
		});
		const through = engine.client({endpoint: proxy.url});
		const progress: number[] = [];
		try {
			const until = new Date();
			const read = await readCapacity(through, skewed, {
				from: new Date(until.getTime() - 5 * 60_000),
				until,
				onProgress: (next) => progress.push(next.fraction),
			});
			expect(read.report.records).toBe((await skewedRecords()).length);
			expect(read.calls).toBe(proxy.stats.operations.GetRecords);
			expect([...sent.keys()].sort()).toEqual(skewedShards.map((shard) => shard.shardId).sort());
			for (const times of sent.values()) {
				// Seven "behind" answers, then the one that finds the shard caught up: done.
				expect(times).toHaveLength(BEHIND + 1);
				// At most 5 in any second: the 6th call after any call came a second or more after it.
				// (Counted over windows, not as gaps between two calls: a call that leaves late narrows
				// the gap after the one before it without any second holding more calls.)
				const spans = times.slice(5).map((time, index) => time - times[index]!);
				expect(Math.min(...spans)).toBeGreaterThanOrEqual(1000);
			}
			expect(progress.at(-1)).toBe(1);
		} finally {
			through.destroy();
			await proxy.close();
		}
	});

	it('the capacity service: the last 5 minutes by default, progress as it reads, or the tail’s records', async ({
		expect,
	}) => {
		const service = createCapacityService(client);
		service.start();
		service.select(skewed);
		service.measure();
		expect(service.getSnapshot()).toMatchObject({
			stream: skewed,
			status: 'reading',
			source: 'window',
		});
		await vi.waitFor(() => expect(service.getSnapshot().status).toBe('done'), within);
		const {report, progress} = service.getSnapshot();
		expect(report!.until.getTime() - report!.from.getTime()).toBe(5 * 60_000);
		expect(report?.shards[0]).toMatchObject({shardId: hotShard.shardId, hot: 'skew'});
		expect(progress).toMatchObject({records: report?.records, fraction: 1});
		expect(progress.calls).toBeGreaterThanOrEqual(4);

		// Another stream selected: the report goes; the tail's records of a stream not tailed: said so.
		service.select(onDemand);
		expect(service.getSnapshot()).toMatchObject({stream: onDemand, status: 'idle'});
		expect(service.getSnapshot().report).toBeUndefined();
		service.measure({kind: 'tail'});
		await vi.waitFor(() => expect(service.getSnapshot().status).toBe('failed'), within);
		expect(service.getSnapshot().problem?.message).toMatch(/^No records of .* in the tail/);

		const tail = createTailService(client);
		tail.start({stream: onDemand, position: {type: 'TRIM_HORIZON'}});
		await vi.waitFor(() => expect(tail.getSnapshot().records.size).toBe(200), within);
		const fromTail = createCapacityService(client, {tail});
		fromTail.start();
		fromTail.select(onDemand);
		fromTail.measure({kind: 'tail'});
		await vi.waitFor(() => expect(fromTail.getSnapshot().status).toBe('done'), within);
		tail.stop();
		expect(fromTail.getSnapshot()).toMatchObject({
			source: 'tail',
			report: {records: 200, onDemand: true, mergeCandidates: []},
		});
		expect(fromTail.getSnapshot().report?.shards[0]?.topKeys).toEqual([
			{partitionKey: 'same', records: 200, share: 1},
		]);
		service.stop();
		fromTail.stop();
	});
});
