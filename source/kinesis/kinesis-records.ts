import type {_Record as SdkRecord} from '@aws-sdk/client-kinesis';
import {compareSequenceNumbers} from '../model/positions.js';
import type {KinesisRecord} from '../model/records.js';

/**
 * The records after the last one delivered, as the explorer's own type. Sequence numbers within a
 * shard only grow, so anything at or before the last one is a repeat (an engine that answers a
 * renewed iterator from a little early) and is left out.
 */
export function newRecords(
	records: readonly SdkRecord[],
	last: string | undefined,
	shardId: string,
): KinesisRecord[] {
	const fresh: KinesisRecord[] = [];
	for (const record of records) {
		const sequenceNumber = record.SequenceNumber ?? '';
		if (last !== undefined && compareSequenceNumbers(sequenceNumber, last) <= 0) {
			continue;
		}
		fresh.push({
			shardId,
			sequenceNumber,
			partitionKey: record.PartitionKey ?? '',
			approximateArrivalTimestamp: record.ApproximateArrivalTimestamp ?? new Date(0),
			data: record.Data ?? new Uint8Array(),
		});
		last = sequenceNumber;
	}
	return fresh;
}
