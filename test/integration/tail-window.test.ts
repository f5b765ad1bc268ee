import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {splitMidpoint} from '../../source/model/hash-keys.js';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import type {UserRecord} from '../../source/model/records.js';
import {listShards, splitShard} from '../../source/kinesis/shards.js';
import {waitForActive} from '../../source/kinesis/streams.js';
import {type ShardStatus, startTailer} from '../../source/services/tail/tailer.js';
import {createActiveStream, localClient, uniqueName} from '../support/kinesis.js';
import {readAllRecords} from '../support/read-back.js';

const text = (record: UserRecord) => new TextDecoder().decode(record.data);

/** Resolves once the clock (the engine's, on this machine) has passed `time`. */
async function clockPast(time: number) {
	await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(time), {timeout: 10_000, interval: 5});
}

describe('a tail over a window: every shard read to the window’s end, and then it is done', () => {
	let client: KinesisClient;
	const stream = uniqueName('window');
	let from: Date;
	let until: Date;
	let parentId = '';

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

	it('reads the parent, then its children, from AT_TIMESTAMP to the end, and ends by itself', async () => {
		const records: UserRecord[] = [];
		let shards: ReadonlyMap<string, ShardStatus> = new Map();
		const tailer = startTailer(
			client,
			{stream, position: {type: 'AT_TIMESTAMP', timestamp: from}, until},
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
		// Each shard's cost is counted: one or more GetRecords calls each.
		for (const status of shards.values()) {
			expect(status.calls).toBeGreaterThanOrEqual(1);
		}
	});
});
