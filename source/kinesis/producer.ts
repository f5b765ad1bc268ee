import {type KinesisClient, PutRecordsCommand} from '@aws-sdk/client-kinesis';

export type OutgoingRecord = {
	partitionKey: string;
	data: Uint8Array;
	explicitHashKey?: string;
};

/** Each entry of a PutRecords call succeeds or fails on its own. */
export type PutOutcome =
	| {ok: true; shardId: string; sequenceNumber: string}
	| {ok: false; errorCode: string; errorMessage: string};

/** One PutRecords call (at most 500 records); the outcomes line up with the records. */
export async function putRecordBatch(
	client: KinesisClient,
	stream: string,
	records: readonly OutgoingRecord[],
	signal?: AbortSignal,
): Promise<PutOutcome[]> {
	const response = await client.send(
		new PutRecordsCommand({
			StreamName: stream,
			Records: records.map((record) => ({
				PartitionKey: record.partitionKey,
				Data: record.data,
				ExplicitHashKey: record.explicitHashKey,
			})),
		}),
		{abortSignal: signal},
	);
	return (response.Records ?? []).map((entry) =>
		entry.ErrorCode
			? {ok: false, errorCode: entry.ErrorCode, errorMessage: entry.ErrorMessage ?? ''}
			: {ok: true, shardId: entry.ShardId ?? '', sequenceNumber: entry.SequenceNumber ?? ''},
	);
}
