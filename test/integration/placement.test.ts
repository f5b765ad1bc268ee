import {randomUUID} from 'node:crypto';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {MAX_HASH_KEY} from '../../source/model/hash-keys.js';
import {openShards, placeRecord} from '../../source/model/placement.js';
import {putRecord} from '../../source/kinesis/producer.js';
import {putMany} from '../../source/kinesis/put-many.js';
import type {BulkResult} from '../../source/model/send-queue.js';
import {listShards, mergeShards, splitShard} from '../../source/kinesis/shards.js';
import type {Shard} from '../../source/model/shard.js';
import {waitForActive} from '../../source/kinesis/streams.js';
import {createActiveStream, localClient, uniqueName} from '../support/kinesis.js';

describe('the predicted shard', () => {
	let client: KinesisClient;
	const stream = uniqueName('placement');
	let open: Shard[];

	beforeAll(async () => {
		client = localClient();
		await createActiveStream(client, {name: stream, shardCount: 3});
		// A split off-centre and a merge: uneven ranges, and closed shards that must not be predicted.
		const [first, second, third] = await listShards(client, stream);
		if (!first || !second || !third) {
			throw new Error('expected 3 shards');
		}
		await splitShard(client, stream, first.shardId, first.hashKeyRange.start + 123_456_789n);
		await waitForActive(client, stream, {pollMs: 100});
		await mergeShards(client, stream, second.shardId, third.shardId);
		await waitForActive(client, stream, {pollMs: 100});
		open = openShards(await listShards(client, stream));
	});

	afterAll(() => client.destroy());

	it('is the shard the service reports, for random partition keys', async () => {
		expect(open).toHaveLength(3);
		const records = Array.from({length: 400}, () => ({
			partitionKey: randomUUID(),
			data: Buffer.from('x'),
		}));
		const results: BulkResult[] = [];
		await putMany(client, stream, records, {onResult: (result) => results.push(result)});
		expect(results).toHaveLength(400);
		for (const result of results) {
			expect(result.ok && result.shardId).toBe(placeRecord(open, result.record)?.shard?.shardId);
		}
		// The split's low child holds a sliver of the key space: random keys land in the other two.
		expect(new Set(results.map((result) => result.ok && result.shardId)).size).toBe(2);
	});

	it('is the shard the service reports, for explicit hash keys at every range boundary', async () => {
		const keys = open.flatMap((shard) => [
			shard.hashKeyRange.start,
			shard.hashKeyRange.start + 1n,
			shard.hashKeyRange.end - 1n,
			shard.hashKeyRange.end,
		]);
		expect(keys).toContain(0n);
		expect(keys).toContain(MAX_HASH_KEY);
		for (const key of keys) {
			const record = {
				partitionKey: 'same-key',
				data: Buffer.from('x'),
				explicitHashKey: key.toString(),
			};
			const predicted = placeRecord(open, record)?.shard?.shardId;
			expect(predicted).toBeDefined();
			expect((await putRecord(client, stream, record)).shardId).toBe(predicted);
		}
	});
});
