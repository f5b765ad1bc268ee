import {
	GetRecordsCommand,
	GetShardIteratorCommand,
	type KinesisClient,
} from '@aws-sdk/client-kinesis';
import {isThrottle} from '../../source/kinesis/errors.js';
import {sleep} from '../../source/lib/rate-limiter.js';
import {listShards} from '../../source/kinesis/shards.js';

export type ReadRecord = {
	shardId: string;
	sequenceNumber: string;
	partitionKey: string;
	data: string;
	arrivedAt: Date;
};

/**
 * Every record in every shard of the stream, each shard from its start to its end in the order the
 * shard holds them. Straight GetShardIterator / GetRecords calls: the tests check what the service
 * holds, with nothing of the explorer's own reading in between.
 */
export async function readAllRecords(client: KinesisClient, stream: string): Promise<ReadRecord[]> {
	const records: ReadRecord[] = [];
	for (const shard of await listShards(client, stream)) {
		const start = await client.send(
			new GetShardIteratorCommand({
				StreamName: stream,
				ShardId: shard.shardId,
				ShardIteratorType: 'TRIM_HORIZON',
			}),
		);
		let iterator = start.ShardIterator;
		while (iterator) {
			let page;
			try {
				page = await client.send(new GetRecordsCommand({ShardIterator: iterator, Limit: 10_000}));
			} catch (error) {
				if (!isThrottle(error)) {
					throw error;
				}
				await sleep(250);
				continue;
			}
			for (const record of page.Records ?? []) {
				records.push({
					shardId: shard.shardId,
					sequenceNumber: record.SequenceNumber ?? '',
					partitionKey: record.PartitionKey ?? '',
					data: Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'),
					arrivedAt: record.ApproximateArrivalTimestamp ?? new Date(0),
				});
			}
			const caughtUp = (page.Records ?? []).length === 0 && (page.MillisBehindLatest ?? 0) === 0;
			iterator = caughtUp ? undefined : page.NextShardIterator;
		}
	}
	return records;
}

/** How many times each value occurs. */
export function occurrences(values: readonly string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const value of values) {
		counts.set(value, (counts.get(value) ?? 0) + 1);
	}
	return counts;
}
