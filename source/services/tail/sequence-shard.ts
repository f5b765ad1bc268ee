import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {holdsSequenceNumber} from '../../kinesis/sequence-probe.js';
import {listShards} from '../../kinesis/shards.js';
import {shardsThatMayHold} from '../../model/sequence-ranges.js';
import type {Shard} from '../../model/shard.js';

/** Shards asked at once: each question is a GetShardIterator and a GetRecords of one record. */
const PROBES_AT_ONCE = 4;

/**
 * The shard of the stream that holds the record of this sequence number, or undefined when none does
 * (a number never given, or past the retention period). The shards whose ranges may hold it are asked,
 * the likeliest first; `shards` spares a listing when the caller has one.
 */
export async function findSequenceShard(
	client: KinesisClient,
	stream: string,
	sequenceNumber: string,
	{signal, shards}: {signal?: AbortSignal; shards?: readonly Shard[]} = {},
): Promise<string | undefined> {
	const candidates = shardsThatMayHold(
		shards ?? (await listShards(client, stream, {signal})),
		sequenceNumber,
	);
	for (let start = 0; start < candidates.length; start += PROBES_AT_ONCE) {
		const batch = candidates.slice(start, start + PROBES_AT_ONCE);
		const held = await Promise.all(
			batch.map((shard) =>
				holdsSequenceNumber(client, stream, shard.shardId, sequenceNumber, signal),
			),
		);
		const index = held.indexOf(true);
		if (index >= 0) {
			return batch[index]?.shardId;
		}
	}
	return undefined;
}
