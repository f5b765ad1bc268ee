import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {putRecord, putRecordRetrying} from '../../source/kinesis/producer.js';
import {putMany} from '../../source/kinesis/put-many.js';
import type {BulkRecord, BulkResult} from '../../source/model/send-queue.js';
import {describeError} from '../../source/kinesis/errors.js';
import {useOwnEngine} from '../support/engine.js';
import {type FaultProxy, faults, seededRandom, startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, uniqueName} from '../support/kinesis.js';
import {occurrences, readAllRecords} from '../support/read-back.js';

function numbered(count: number, keys: number, prefix: string): BulkRecord[] {
	return Array.from({length: count}, (_, index) => ({
		partitionKey: `${prefix}-${index % keys}`,
		data: Buffer.from(JSON.stringify({n: index, key: index % keys})),
		line: index + 1,
	}));
}

/** Fails each PutRecords entry with probability one in five, reproducibly; throttles some calls whole. */
function onceInFive(seed: number) {
	const random = seededRandom(seed);
	return ({
		operation,
		body,
		index,
	}: {
		operation: string;
		body: Record<string, unknown>;
		index: number;
	}) => {
		if (operation !== 'PutRecords') {
			return undefined;
		}
		if (index % 13 === 5) {
			return faults.throttle();
		}
		const records = (body.Records as unknown[] | undefined) ?? [];
		const indexes = records.map((_, at) => at).filter(() => random() < 0.2);
		return {kind: 'failEntries' as const, indexes};
	};
}

describe('putMany through a proxy that fails one entry in five', () => {
	// Thousands of records: an engine of the file's own, so that no other file waits on them.
	const own = useOwnEngine();
	let engine: KinesisClient;
	let proxy: FaultProxy;
	let viaProxy: KinesisClient;

	beforeAll(async () => {
		engine = own.client();
		proxy = await startFaultProxy(own.endpoint);
		viaProxy = own.client({endpoint: proxy.url});
	});

	afterAll(() => proxy.close());

	it('lands every record exactly once, retrying only the entries that failed', async () => {
		const stream = uniqueName('put-faults');
		await createActiveStream(engine, {name: stream, shardCount: 3});
		proxy.setRule(onceInFive(42));
		const records = numbered(1500, 300, 'user');
		const results: BulkResult[] = [];
		const summary = await putMany(viaProxy, stream, records, {
			onResult: (result) => results.push(result),
			backoff: {baseMs: 10, maxMs: 200},
		});
		expect(summary).toEqual({
			landed: 1500,
			failed: 0,
			retried: expect.any(Number),
			resentAfterTimeout: 0,
			stopped: false,
		});
		expect(proxy.stats.failedEntries).toBeGreaterThan(150);
		expect(proxy.stats.faults.ProvisionedThroughputExceededException).toBeGreaterThan(0);
		// Only failed entries go again: the engine saw each record once, and no more calls than needed.
		expect(summary.retried).toBeGreaterThanOrEqual(proxy.stats.failedEntries);
		expect(results).toHaveLength(1500);
		expect(new Set(results.map((result) => result.record.line)).size).toBe(1500);

		const read = await readAllRecords(engine, stream);
		const counts = occurrences(read.map((record) => String(JSON.parse(record.data).n)));
		expect(counts.size).toBe(1500);
		expect([...counts.values()].every((count) => count === 1)).toBe(true);
		for (const result of results) {
			expect(result.ok).toBe(true);
		}
		const landedIn = new Map(
			results.map((result) => [
				result.ok ? result.sequenceNumber : '',
				result.ok ? result.shardId : '',
			]),
		);
		for (const record of read) {
			expect(landedIn.get(record.sequenceNumber)).toBe(record.shardId);
		}
	});

	it('keeps the order of each partition key with ordered, through the same faults', async () => {
		const stream = uniqueName('put-ordered');
		await createActiveStream(engine, {name: stream, shardCount: 2});
		proxy.setRule(onceInFive(7));
		// 12 keys of 10 records: one record of a key a call, so ten rounds of calls or more, and about
		// one entry in five failed and sent again while its key's later records wait.
		const summary = await putMany(viaProxy, stream, numbered(120, 12, 'k'), {
			ordered: true,
			backoff: {baseMs: 10, maxMs: 200},
		});
		expect(summary).toMatchObject({landed: 120, failed: 0});
		expect(summary.retried).toBeGreaterThan(0);
		const read = await readAllRecords(engine, stream);
		expect(read).toHaveLength(120);
		const lastByKey = new Map<number, number>();
		for (const record of read) {
			const {n, key} = JSON.parse(record.data) as {n: number; key: number};
			expect(n).toBeGreaterThan(lastByKey.get(key) ?? -1);
			lastByKey.set(key, n);
		}
	});

	it('gives up on an entry after its attempts, with the service’s error, and lands the rest', async () => {
		const stream = uniqueName('put-give-up');
		await createActiveStream(engine, {name: stream, shardCount: 1});
		// The entry with partition key "doomed" fails every time it is sent.
		proxy.setRule(({operation, body}) => {
			if (operation !== 'PutRecords') {
				return undefined;
			}
			const records = (body.Records as Array<{PartitionKey: string}> | undefined) ?? [];
			const indexes = records
				.map((record, at) => (record.PartitionKey === 'doomed' ? at : -1))
				.filter((at) => at >= 0);
			return {kind: 'failEntries', indexes, errorCode: 'InternalFailure'};
		});
		const records: BulkRecord[] = [
			...numbered(20, 4, 'fine'),
			{partitionKey: 'doomed', data: Buffer.from('x'), line: 21},
		];
		const results: BulkResult[] = [];
		const summary = await putMany(viaProxy, stream, records, {
			maxAttempts: 3,
			backoff: {baseMs: 5, maxMs: 20},
			onResult: (result) => results.push(result),
		});
		expect(summary).toMatchObject({landed: 20, failed: 1, retried: 2});
		expect(results.find((result) => !result.ok)).toEqual({
			record: records[20],
			ok: false,
			error:
				'InternalFailure: Rate exceeded for shard (injected by the fault proxy). (after 3 attempts)',
			attempts: 3,
			resentAfterTimeout: false,
		});
		expect(await readAllRecords(engine, stream)).toHaveLength(20);
	});

	it('fails a record its stream refuses alone, and lands the others of its request', async () => {
		const stream = uniqueName('put-refused');
		await createActiveStream(engine, {name: stream, shardCount: 1});
		proxy.setRule(() => undefined);
		// Over the stream's 1 MiB: the engine refuses the whole request it is in.
		const large = {partitionKey: 'big', data: new Uint8Array(1024 * 1024 + 100), line: 3};
		const records = [...numbered(2, 1, 'a'), large, ...numbered(2, 1, 'b')];
		const results: BulkResult[] = [];
		const summary = await putMany(viaProxy, stream, records, {
			onResult: (result) => results.push(result),
		});
		expect(summary).toMatchObject({landed: 4, failed: 1});
		expect(results.find((result) => !result.ok)).toMatchObject({
			record: {line: 3},
			error: expect.stringMatching(/^InvalidArgumentException: .*exceeds/),
		});
		expect(await readAllRecords(engine, stream)).toHaveLength(4);
	});

	it('stops at an error that every record would meet, and says what it is', async () => {
		proxy.setRule(() => undefined);
		await expect(
			putMany(viaProxy, uniqueName('put-missing'), numbered(10, 2, 'x')),
		).rejects.toMatchObject({name: 'ResourceNotFoundException'});
		proxy.setRule(({operation}) =>
			operation === 'PutRecords' ? faults.accessDenied() : undefined,
		);
		await expect(putMany(viaProxy, 'anything', numbered(10, 2, 'x'))).rejects.toMatchObject({
			name: 'AccessDeniedException',
		});
	});

	it('puts one record in order after another with a sequence number for ordering', async () => {
		const stream = uniqueName('put-one');
		await createActiveStream(engine, {name: stream, shardCount: 2});
		const first = await putRecord(engine, stream, {partitionKey: 'p', data: Buffer.from('1')});
		const second = await putRecord(engine, stream, {
			partitionKey: 'p',
			data: Buffer.from('2'),
			sequenceNumberForOrdering: first.sequenceNumber,
		});
		expect(second.shardId).toBe(first.shardId);
		expect(BigInt(second.sequenceNumber)).toBeGreaterThan(BigInt(first.sequenceNumber));
	});

	it('sends one record again when its call gets no answer, and says it may be in twice', async () => {
		const stream = uniqueName('put-again');
		await createActiveStream(engine, {name: stream, shardCount: 1});
		let calls = 0;
		// The first call is held back 1.5 s, past the deadline, and the engine stores it later.
		let forwarded: Promise<void> | undefined;
		proxy.setRule(({operation}) => {
			if (operation !== 'PutRecord' || calls++ > 0) {
				return undefined;
			}
			forwarded = new Promise((resolve) => {
				setTimeout(resolve, 1500);
			});
			return {kind: 'hold', release: forwarded};
		});
		const quick = own.client({endpoint: proxy.url}, {deadlines: {PutRecord: 500}});
		const retried: string[] = [];
		const result = await putRecordRetrying(
			quick,
			stream,
			{partitionKey: 'p', data: Buffer.from('once or twice')},
			{onRetry: (error) => retried.push(describeError(error))},
		);
		expect(result).toMatchObject({ok: true, attempts: 2, resentAfterTimeout: true});
		expect(retried).toEqual([
			'Cannot reach Kinesis: no answer to PutRecord within 0.5 s (timed out).',
		]);
		// The held-back call reaches the engine once the proxy lets it go: waited for, not timed.
		await forwarded;
		await vi.waitFor(async () => expect(await readAllRecords(engine, stream)).toHaveLength(2), {
			timeout: 60_000,
			interval: 200,
		});

		// What no retry cures is not sent again.
		proxy.setRule(({operation}) => (operation === 'PutRecord' ? faults.accessDenied() : undefined));
		const denied = await putRecordRetrying(quick, stream, {
			partitionKey: 'p',
			data: Buffer.from('x'),
		});
		expect(denied).toMatchObject({ok: false, attempts: 1, resentAfterTimeout: false});
		quick.destroy();
	});
});
