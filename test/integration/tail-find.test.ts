import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {splitMidpoint} from '../../source/model/hash-keys.js';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import {listShards, splitShard} from '../../source/kinesis/shards.js';
import {waitForActive} from '../../source/kinesis/streams.js';
import {findSequenceShard} from '../../source/services/tail/sequence-shard.js';
import {runCli} from '../support/cli.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {type ReadRecord, readAllRecords} from '../support/read-back.js';

/**
 * Finding records from the command line: a sequence number tails the shard that holds it without
 * --shard, and --grep and --where keep the records a script wants, before --max counts.
 */

const encoder = new TextEncoder();

type Line = {shardId: string; sequenceNumber: string; partitionKey: string; data: string};

// Each test only reads the streams beforeAll wrote: side by side, and so do the tails of a test.
describe.concurrent('finding records with the tail', () => {
	let client: KinesisClient;
	const endpoint = localSettings().endpoint ?? '';
	const one = uniqueName('find-one');
	const many = uniqueName('find-many');
	let oneRecords: ReadRecord[] = [];
	let manyRecords: ReadRecord[] = [];
	let parentId = '';

	const put = async (stream: string, records: Array<{partitionKey: string; data: string}>) => {
		const outcomes = await putRecordBatch(
			client,
			stream,
			records.map((record) => ({...record, data: encoder.encode(record.data)})),
		);
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
	};

	/** `tail --json` through the built CLI, to its end: its exit code, its lines, its stderr. */
	const tail = async (stream: string, flags: string[]) => {
		const result = await runCli(['tail', stream, '--json', ...flags, '--endpoint-url', endpoint]);
		return {
			...result,
			lines: result.stdout
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line) as Line),
		};
	};

	beforeAll(async () => {
		client = localClient();
		await createActiveStream(client, {name: one, shardCount: 1});
		await createActiveStream(client, {name: many, shardCount: 4});
		const events = Array.from({length: 40}, (_, index) => ({
			partitionKey: `user-${index % 8}`,
			data: JSON.stringify({
				n: index,
				user: {id: index % 8},
				level: index % 5 === 0 ? 'ERROR' : 'info',
			}),
		}));
		await put(one, events);
		await put(many, events);
		// A split in the many-shard stream: a sequence number of the parent tails its children too.
		const [first] = await listShards(client, many);
		parentId = first!.shardId;
		await splitShard(client, many, parentId, splitMidpoint(first!.hashKeyRange)!);
		await waitForActive(client, many, {pollMs: 100});
		await put(
			many,
			Array.from({length: 40}, (_, index) => ({
				partitionKey: `late-${index}`,
				data: JSON.stringify({n: 40 + index, late: true}),
			})),
		);
		oneRecords = await readAllRecords(client, one);
		manyRecords = await readAllRecords(client, many);
	});
	afterAll(() => client.destroy());

	it('finds the shard of a sequence number on a one-shard stream, and says which on stderr', async () => {
		const seventh = oneRecords[6]!;
		const [at, after] = await Promise.all([
			tail(one, ['--from', `at-sequence:${seventh.sequenceNumber}`, '--until', 'now']),
			tail(one, ['--from', `after-sequence:${seventh.sequenceNumber}`, '--max', '3']),
		]);
		expect(at.code).toBe(0);
		expect(at.lines.map((line) => line.sequenceNumber)).toEqual(
			oneRecords.slice(6).map((record) => record.sequenceNumber),
		);
		expect(at.stderr).toBe(
			`kinesis-explorer: Sequence number ${seventh.sequenceNumber} is in shard shardId-000000000000: tailing it, then its children.\n`,
		);
		expect(after.lines.map((line) => line.sequenceNumber)).toEqual(
			oneRecords.slice(7, 10).map((record) => record.sequenceNumber),
		);
	});

	it('finds it among many shards, each of them, and reads a closed one on into its children', async () => {
		for (const shard of await listShards(client, many)) {
			const held = manyRecords.filter((record) => record.shardId === shard.shardId);
			const last = held.at(-1);
			if (!last) {
				continue;
			}
			expect(await findSequenceShard(client, many, last.sequenceNumber)).toBe(shard.shardId);
		}
		const firstOfParent = manyRecords.find((record) => record.shardId === parentId)!;
		const result = await tail(many, [
			'--from',
			`at-sequence:${firstOfParent.sequenceNumber}`,
			'--until',
			'now',
		]);
		expect(result.code).toBe(0);
		expect(result.stderr).toContain(`is in shard ${parentId}: tailing it, then its children.`);
		const children = new Set(
			(await listShards(client, many))
				.filter((shard) => shard.parentShardId === parentId)
				.map((shard) => shard.shardId),
		);
		const expected = manyRecords.filter(
			(record) => record.shardId === parentId || children.has(record.shardId),
		);
		expect(result.lines.map((line) => line.sequenceNumber).sort()).toEqual(
			expected.map((record) => record.sequenceNumber).sort(),
		);
		// The parent's records, then its children's.
		const lastParent = result.lines.findLastIndex((line) => line.shardId === parentId);
		expect(result.lines.slice(lastParent + 1).every((line) => children.has(line.shardId))).toBe(
			true,
		);
		expect(lastParent).toBe(manyRecords.filter((record) => record.shardId === parentId).length - 1);
	});

	it('says so in one line, with exit code 2, when no shard holds the number', async () => {
		// On the one-shard stream, a number below every shard's range; on the many-shard stream, a
		// number of the one-shard stream that it does not have, within its shards' ranges: numbers are
		// unique within a stream only (the engine gives two streams written at the same moment the same
		// ones).
		const held = new Set(manyRecords.map((record) => record.sequenceNumber));
		const foreign = oneRecords.find((record) => !held.has(record.sequenceNumber))?.sequenceNumber;
		expect(foreign).toBeDefined();
		const refusals = [
			[one, '12345'],
			[many, foreign!],
		] as const;
		const results = await Promise.all(
			refusals.map(([stream, number]) => tail(stream, ['--from', `at-sequence:${number}`])),
		);
		for (const [index, [stream, number]] of refusals.entries()) {
			const result = results[index]!;
			expect(result).toMatchObject({code: 2, stdout: ''});
			expect(result.stderr).toBe(
				`kinesis-explorer: No shard of "${stream}" holds the sequence number ${number} (a record past the retention period is gone).\n`,
			);
		}
		expect(await findSequenceShard(client, many, foreign!)).toBeUndefined();
	});

	it('keeps what --grep and --where ask for, before --max counts', async () => {
		const untilNow = ['--from', 'trim-horizon', '--until', 'now'];
		const [errors, firstThree, user, byKey, none] = await Promise.all([
			tail(one, [...untilNow, '--grep', 'error']),
			tail(one, ['--from', 'trim-horizon', '--grep', '/"level":"ERROR"/', '--max', '3']),
			tail(one, [...untilNow, '--where', 'user.id=3', '--where', 'level=info']),
			tail(one, [...untilNow, '--grep', '/^user-7$/']),
			tail(one, [...untilNow, '--where', 'user.id="3"']),
		]);
		expect(errors.lines.map((line) => JSON.parse(line.data).n)).toEqual([
			0, 5, 10, 15, 20, 25, 30, 35,
		]);
		expect(firstThree.code).toBe(0);
		expect(firstThree.lines.map((line) => JSON.parse(line.data).n)).toEqual([0, 5, 10]);
		expect(user.lines.map((line) => JSON.parse(line.data).n)).toEqual([3, 11, 19, 27]);
		expect(byKey.lines.map((line) => line.partitionKey)).toEqual(Array(5).fill('user-7'));
		expect(none).toMatchObject({code: 0, stdout: ''});
	});

	it('filters the lines for people too, across a many-shard stream', async () => {
		const result = await runCli([
			'tail',
			many,
			'--from',
			'trim-horizon',
			'--until',
			'now',
			'--where',
			'late=true',
			'--endpoint-url',
			endpoint,
		]);
		expect(result.code).toBe(0);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines).toHaveLength(40);
		expect(lines.every((line) => / {2}late-\d+ {2}\{"n":\d+,"late":true\}$/.test(line))).toBe(true);
	});
});
