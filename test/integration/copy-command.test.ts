import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {READ_OPERATIONS} from '../../source/kinesis/client.js';
import {listShards, splitShard} from '../../source/kinesis/shards.js';
import {waitForActive} from '../../source/kinesis/streams.js';
import {formatCount} from '../../source/format/progress-text.js';
import {splitMidpoint} from '../../source/model/hash-keys.js';
import {runCli} from '../support/cli.js';
import {createNumbering, tallyDelivery, type Written, writeNumbered} from '../support/delivery.js';
import {type FaultStats, faults, startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {occurrences, type ReadRecord, readAllRecords} from '../support/read-back.js';

/**
 * `copy` through the built CLI, counted record by record: every record of the source in the target
 * once, with its partition key (and in each key's order with --ordered), entries the service failed
 * sent again, the filter's choice and nothing more; and the refusals, before anything is read.
 */

const writes = (stats: FaultStats) =>
	Object.keys(stats.operations).filter((operation) => !READ_OPERATIONS.has(operation));

// Each test copies into a target of its own, or is refused, through a proxy of its own, and reads
// the source beforeAll wrote: side by side.
describe.concurrent('copy <source> <target>', () => {
	let client: KinesisClient;
	const endpoint = localSettings().endpoint ?? '';
	const source = uniqueName('copy-source');
	const written: Written = new Map();
	let sourceRecords: ReadRecord[] = [];

	beforeAll(async () => {
		client = localClient();
		await createActiveStream(client, {name: source, shardCount: 3});
		const numbering = createNumbering(written);
		// 1,000 records, 25 for each of 40 keys: a count the summaries write with a separator; under
		// --ordered (one record of a key a call) 25 rounds of calls; and 11 records of key-3 the
		// filter's --grep keeps (n 1 and 10 … 19).
		await writeNumbered(client, source, numbering, {count: 600, keys: 40});
		// A split: the parent's records and then its children's are copied, as a tail reads them.
		const [first] = await listShards(client, source);
		await splitShard(client, source, first!.shardId, splitMidpoint(first!.hashKeyRange)!);
		await waitForActive(client, source, {pollMs: 100});
		await writeNumbered(client, source, numbering, {count: 400, keys: 40});
		sourceRecords = await readAllRecords(client, source);
		expect(sourceRecords).toHaveLength(1000);
	});
	afterAll(() => client.destroy());

	/**
	 * Copies through a proxy that fails entries of every other PutRecords call of the first twenty;
	 * what it saw. (Each failed entry holds its key back for a backoff under --ordered: failures
	 * all along made that copy a backoff every round, seconds of them, proving nothing more.)
	 */
	const copyWithFailedEntries = async (target: string, flags: string[] = []) => {
		let puts = 0;
		const proxy = await startFaultProxy(endpoint, (request) =>
			request.operation === 'PutRecords' && puts++ % 2 === 0 && puts <= 20
				? faults.failEntries([0, 7, 99, 250])
				: undefined,
		);
		const result = await runCli(['copy', source, target, ...flags, '--endpoint-url', proxy.url]);
		await proxy.close();
		return {result, stats: proxy.stats};
	};

	it.each([
		['', []],
		[' and each key in order with --ordered', ['--ordered']],
	])(
		'puts every record in the target once, with its partition key%s, failed entries sent again',
		async (_, flags) => {
			const target = uniqueName('copy-target');
			await createActiveStream(client, {name: target, shardCount: 2});
			const {result, stats} = await copyWithFailedEntries(target, flags);
			expect(result.code).toBe(0);
			expect(stats.failedEntries).toBeGreaterThan(0);
			const copied = await readAllRecords(client, target);
			const tally = tallyDelivery(copied, written);
			expect(tally.problems.filter((problem) => !/ came after /.test(problem))).toEqual([]);
			expect(tally).toMatchObject({written: 1000, delivered: 1000, lost: 0, repeated: 0});
			if (flags.includes('--ordered')) {
				expect(tally.outOfOrder).toBe(0);
			}
			// The summary counts what was read from each shard and what landed in each.
			const lines = result.stdout.split('\n');
			expect(lines[0]).toMatch(
				new RegExp(
					`^Copied 1,000 records from ${source} to ${target} in [\\d.]+ s \\([\\d,]+ records/s\\); ${formatCount(stats.failedEntries)} retried, 0 failed\\.$`,
				),
			);
			const readByShard = occurrences(sourceRecords.map((record) => record.shardId));
			const landedByShard = occurrences(copied.map((record) => record.shardId));
			const shardLine = (shardId: string, count: number) =>
				expect.stringMatching(new RegExp(`^ {4}${shardId} +${formatCount(count)}$`));
			expect(lines).toEqual([
				lines[0],
				`  read from ${source}: 1,000`,
				...[...readByShard].sort().map(([shardId, count]) => shardLine(shardId, count)),
				`  sent to ${target}: 1,000`,
				...[...landedByShard].sort().map(([shardId, count]) => shardLine(shardId, count)),
				'',
			]);
			expect(result.stderr).toMatch(/^copy: read 1,000 · sent 1,000 · /m);
		},
	);

	it('copies what --where and --grep keep, and nothing else', async () => {
		const target = uniqueName('copy-filtered');
		await createActiveStream(client, {name: target, shardCount: 1});
		const result = await runCli([
			'copy',
			source,
			target,
			'--where',
			'k=key-3',
			'--grep',
			'/"n":1\\d*}/',
			'--endpoint-url',
			endpoint,
		]);
		expect(result.code).toBe(0);
		const expected = sourceRecords
			.filter((record) => record.partitionKey === 'key-3' && /"n":1\d*}/.test(record.data))
			.map((record) => record.data);
		expect(expected.length).toBeGreaterThan(10);
		const copied = await readAllRecords(client, target);
		expect(copied.map((record) => record.data).sort()).toEqual(expected.sort());
		expect(copied.every((record) => record.partitionKey === 'key-3')).toBe(true);
		expect(result.stdout).toContain(
			`\n  read from ${source}: 1,000, ${formatCount(expected.length)} kept by the filter\n`,
		);
	});

	it.each([
		['the same stream', () => ['copy', source, source], /^copy ".*" into itself would read back/],
		[
			'--read-only',
			() => ['copy', source, 'anywhere', '--read-only'],
			/^copy writes into "anywhere", and --read-only refuses every write\.$/,
		],
	])('refuses %s: one line, exit code 2, no call made', async (_, args, message) => {
		const proxy = await startFaultProxy(endpoint);
		const result = await runCli([...args(), '--endpoint-url', proxy.url]);
		await proxy.close();
		expect(result).toMatchObject({code: 2, stdout: ''});
		expect(result.stderr.split('\n')).toHaveLength(2);
		expect(result.stderr.slice('kinesis-explorer: '.length).trimEnd()).toMatch(message);
		expect(proxy.stats.requests).toBe(0);
	});

	it('refuses an unknown target before it reads anything from the source', async () => {
		const proxy = await startFaultProxy(endpoint);
		const result = await runCli(['copy', source, 'no-such-target', '--endpoint-url', proxy.url]);
		await proxy.close();
		expect(result).toMatchObject({code: 2, stdout: ''});
		expect(result.stderr).toBe(
			'kinesis-explorer: The target stream "no-such-target" was not found: nothing was read or sent. Create it first.\n',
		);
		expect(Object.keys(proxy.stats.operations)).toEqual(['DescribeStreamSummary']);
		expect(writes(proxy.stats)).toEqual([]);
	});
});
