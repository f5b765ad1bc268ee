import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {splitMidpoint} from '../../source/model/hash-keys.js';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import type {UserRecord} from '../../source/model/records.js';
import {listShards, splitShard} from '../../source/kinesis/shards.js';
import {waitForActive} from '../../source/kinesis/streams.js';
import {type ShardStatus, startTailer} from '../../source/services/tail/tailer.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {readAllRecords} from '../support/read-back.js';
import {runCli} from '../support/cli.js';

const text = (record: UserRecord) => new TextDecoder().decode(record.data);

/** Resolves once the clock (the engine's, on this machine) has passed `time`. */
async function clockPast(time: number) {
	await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(time), {timeout: 10_000, interval: 5});
}

// Each test reads the window on its own (the stream is written before any of them): side by side.
describe.concurrent(
	'a tail over a window: every shard read to the window’s end, and then it is done',
	() => {
		let client: KinesisClient;
		const stream = uniqueName('window');
		let from: Date;
		let until: Date;
		let parentId = '';
		const endpoint = localSettings().endpoint ?? '';

		const put = async (label: string, count: number) => {
			const records = Array.from({length: count}, (_, index) => ({
				partitionKey: `${label}-${index}`,
				data: new TextEncoder().encode(`${label} ${index}`),
			}));
			const outcomes = await putRecordBatch(client, stream, records);
			expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
			const arrivals = (await readAllRecords(client, stream)).map((record) =>
				record.arrivedAt.getTime(),
			);
			return Math.max(...arrivals);
		};

		beforeAll(async () => {
			client = localClient();
			await createActiveStream(client, {name: stream, shardCount: 1});
			await clockPast(await put('before', 5));
			from = new Date();
			await put('parent', 20);
			const [parent] = await listShards(client, stream);
			parentId = parent!.shardId;
			await splitShard(client, stream, parentId, splitMidpoint(parent!.hashKeyRange)!);
			await waitForActive(client, stream, {pollMs: 100});
			await clockPast(await put('child', 20));
			until = new Date();
			await clockPast(until.getTime());
			await put('after', 10);
		});
		afterAll(() => client.destroy());

		it.each([
			['polling', undefined],
			['enhanced fan-out', 'window-reader'],
		])(
			'by %s: reads the parent, then its children, from AT_TIMESTAMP to the end, and ends by itself',
			async (_, consumer) => {
				const records: UserRecord[] = [];
				let shards: ReadonlyMap<string, ShardStatus> = new Map();
				const tailer = startTailer(
					client,
					{stream, position: {type: 'AT_TIMESTAMP', timestamp: from}, until, consumer},
					{
						onRecords(batch) {
							records.push(...batch);
						},
						onShards(next) {
							shards = next;
						},
					},
				);
				await tailer.done;
				const labels = records.map((record) => text(record).split(' ')[0]);
				expect(labels.filter((label) => label === 'parent')).toHaveLength(20);
				expect(labels.filter((label) => label === 'child')).toHaveLength(20);
				expect(labels).not.toContain('before');
				expect(labels).not.toContain('after');
				// Children after their parent: every parent record comes before the first child record.
				expect(labels.lastIndexOf('parent')).toBeLessThan(labels.indexOf('child'));
				expect(records.filter((record) => record.shardId === parentId)).toHaveLength(20);
				expect([...shards.values()].every((status) => status.state === 'done')).toBe(true);
				expect(shards.size).toBe(3);
				if (consumer === undefined) {
					// Each shard's cost is counted: one or more GetRecords calls each.
					for (const status of shards.values()) {
						expect(status.calls).toBeGreaterThanOrEqual(1);
					}
				}
			},
		);

		/** `tail --json` of the stream, through the built CLI: its records' labels, in order. */
		const tail = async (flags: string[]) => {
			const result = await runCli(['tail', stream, '--json', ...flags, '--endpoint-url', endpoint]);
			expect(result.code).toBe(0);
			const lines = result.stdout.trimEnd().split('\n').filter(Boolean);
			return {
				labels: lines.map((line) => (JSON.parse(line) as {data: string}).data.split(' ')[0]),
				stderr: result.stderr,
			};
		};
		const window = () => [
			'--from',
			`at-timestamp:${from.toISOString()}`,
			'--until',
			until.toISOString(),
		];
		const count = (labels: readonly (string | undefined)[], label: string) =>
			labels.filter((candidate) => candidate === label).length;

		// The tails of each test read the same stream and write nothing: side by side too.
		it('tail --until: the window and nothing else, the split inside it read through, exit code 0', async ({
			expect,
		}) => {
			const results = await Promise.all(
				[window(), [...window(), '--efo', 'window-cli']].map((flags) => tail(flags)),
			);
			for (const {labels} of results) {
				expect(labels).toHaveLength(40);
				expect(count(labels, 'parent')).toBe(20);
				expect(count(labels, 'child')).toBe(20);
				expect(labels.lastIndexOf('parent')).toBeLessThan(labels.indexOf('child'));
			}
		});

		it('tail --until with --shard, --max, and --until now from trim-horizon', async ({expect}) => {
			const [parent, first, all] = await Promise.all([
				tail([...window(), '--shard', parentId]),
				tail([...window(), '--max', '25']),
				tail(['--from', 'trim-horizon', '--until', 'now']),
			]);
			expect(parent.labels).toHaveLength(40);
			expect(parent.stderr).toMatch(/is closed and read to its end; going on with shardId-/);
			expect(first.labels).toEqual([...Array(20).fill('parent'), ...Array(5).fill('child')]);
			expect(all.labels).toHaveLength(55);
			expect(count(all.labels, 'before')).toBe(5);
			expect(count(all.labels, 'after')).toBe(10);
		});
	},
);

// Each waits for its window to end, on a stream of its own: side by side.
describe.concurrent('a window that ends after the tail starts', () => {
	let client: KinesisClient;
	beforeAll(() => {
		client = localClient();
	});
	afterAll(() => client.destroy());

	it.each([
		['polling', undefined],
		['enhanced fan-out', 'later-reader'],
	])('by %s: what arrives before its end, then done, with nothing after', async (_, consumer) => {
		const stream = uniqueName('window-later');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const put = async (label: string) => {
			const outcomes = await putRecordBatch(
				client,
				stream,
				Array.from({length: 10}, (__, index) => ({
					partitionKey: `${label}-${index}`,
					data: new TextEncoder().encode(`${label} ${index}`),
				})),
			);
			expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
		};
		await put('early');
		// The tail reads (and its subscriptions are made) before the window's end.
		const until = new Date(Date.now() + 3000);
		const records: UserRecord[] = [];
		const tailer = startTailer(
			client,
			{stream, position: {type: 'TRIM_HORIZON'}, until, consumer},
			{
				onRecords(batch) {
					records.push(...batch);
				},
			},
		);
		await vi.waitFor(() => expect(records).toHaveLength(10), {timeout: 30_000, interval: 20});
		await put('inside');
		await clockPast(until.getTime());
		await put('late');
		await tailer.done;
		// Whatever the machine's pace put each record before or after the window's end, the tail
		// has exactly those that arrived before it.
		const arrivedBefore = (await readAllRecords(client, stream))
			.filter((record) => record.arrivedAt <= until)
			.map((record) => record.data);
		expect(records.map(text).sort()).toEqual(arrivedBefore.sort());
		expect(records.map(text)).not.toContain('late 0');
	});
});
