import {type KinesisClient, PutRecordCommand} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hashKeyOf, MAX_HASH_KEY, shardForHashKey} from '../../source/model/hash-keys.js';
import {buildLineage} from '../../source/model/lineage.js';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import {listShards, mergeShards, splitShard} from '../../source/kinesis/shards.js';
import {waitForActive} from '../../source/kinesis/streams.js';
import {seededRandom} from '../support/fault-proxy.js';
import {createActiveStream, localClient, uniqueName} from '../support/kinesis.js';

const encoder = new TextEncoder();

/** Characters from several scripts and planes, so keys are hashed as UTF-8 and not as UTF-16. */
const ALPHABET = [...'abcxyzABC0189-_.:/ éüßøñ漢字かなКиї😀🚀👩‍💻'];

function randomKey(random: () => number): string {
	const length = 1 + Math.floor(random() * (random() < 0.9 ? 40 : 256));
	let key = '';
	for (let index = 0; index < length; index++) {
		const character = ALPHABET[Math.floor(random() * ALPHABET.length)] as string;
		// A partition key is at most 256 characters, which the engine counts in UTF-16 units.
		if (key.length + character.length > 256) {
			break;
		}
		key += character;
	}
	return key;
}

describe('hash keys against the engine', () => {
	let client: KinesisClient;
	const stream = uniqueName('placement');

	beforeAll(async () => {
		client = localClient();
		// Uneven ranges: a split away from the midpoint, then a merge of two neighbours.
		await createActiveStream(client, {name: stream, shardCount: 4});
		const [first] = await listShards(client, stream);
		const range = first!.hashKeyRange;
		await splitShard(client, stream, first!.shardId, range.start + (range.end - range.start) / 5n);
		await waitForActive(client, stream, {pollMs: 100});
		const open = buildLineage(await listShards(client, stream)).open;
		await mergeShards(client, stream, open[2]!.shardId, open[3]!.shardId);
		await waitForActive(client, stream, {pollMs: 100});
	});
	afterAll(() => client.destroy());

	async function put(partitionKey: string, explicitHashKey?: bigint): Promise<string | undefined> {
		const response = await client.send(
			new PutRecordCommand({
				StreamName: stream,
				PartitionKey: partitionKey,
				ExplicitHashKey: explicitHashKey?.toString(),
				Data: new TextEncoder().encode(partitionKey),
			}),
		);
		return response.ShardId;
	}

	/** Puts every item, a few at a time, keeping the answers in order. */
	async function putAll<T>(items: readonly T[], send: (item: T) => Promise<string | undefined>) {
		const answers: Array<string | undefined> = [];
		let next = 0;
		const worker = async () => {
			while (next < items.length) {
				const index = next++;
				answers[index] = await send(items[index] as T);
			}
		};
		await Promise.all(Array.from({length: 16}, worker));
		return answers;
	}

	it('predicts the shard the service reports for 1,000 random partition keys', async () => {
		const open = buildLineage(await listShards(client, stream)).open;
		expect(open).toHaveLength(4);
		const random = seededRandom(20_260_117);
		const keys = Array.from({length: 1000}, () => randomKey(random));
		const predicted = keys.map((key) => shardForHashKey(open, hashKeyOf(key))?.shardId);
		expect(predicted.every((shardId) => shardId !== undefined)).toBe(true);
		// Every open shard is someone's prediction: the test covers all of them.
		expect(new Set(predicted).size).toBe(4);
		// PutRecords places each entry as PutRecord would, and answers where each went.
		const reported: Array<string | undefined> = [];
		for (let start = 0; start < keys.length; start += 500) {
			const outcomes = await putRecordBatch(
				client,
				stream,
				keys
					.slice(start, start + 500)
					.map((key) => ({partitionKey: key, data: encoder.encode(key)})),
			);
			reported.push(...outcomes.map((outcome) => (outcome.ok ? outcome.shardId : undefined)));
		}
		const misses = keys
			.map((key, index) => ({key, predicted: predicted[index], reported: reported[index]}))
			.filter((each) => each.predicted !== each.reported);
		expect(misses).toEqual([]);
	});

	it('predicts the shard for explicit hash keys at every range boundary, 0 and 2^128−1 included', async () => {
		const open = buildLineage(await listShards(client, stream)).open;
		const boundaries = [
			0n,
			MAX_HASH_KEY,
			...open.flatMap((shard) => [shard.hashKeyRange.start, shard.hashKeyRange.end]),
		];
		const reported = await putAll(boundaries, (key) => put('boundary', key));
		expect(reported).toEqual(boundaries.map((key) => shardForHashKey(open, key)?.shardId));
	});
});
