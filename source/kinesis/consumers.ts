import {
	DeregisterStreamConsumerCommand,
	GetRecordsCommand,
	GetShardIteratorCommand,
	type KinesisClient,
	ListStreamConsumersCommand,
	type ListStreamConsumersCommandInput,
} from '@aws-sdk/client-kinesis';
import {send} from './deadlines.js';
import type {StreamConsumer} from '../model/stream.js';

/** Who reads a stream: its enhanced fan-out consumers, and where a reader stands in a shard. */

/** The stream's enhanced fan-out consumers (ListStreamConsumers takes the stream's ARN). */
export async function listConsumers(
	client: KinesisClient,
	arn: string,
	signal?: AbortSignal,
): Promise<StreamConsumer[]> {
	const consumers: StreamConsumer[] = [];
	let input: ListStreamConsumersCommandInput = {StreamARN: arn, MaxResults: 100};
	for (;;) {
		const page = await send(client, new ListStreamConsumersCommand(input), signal);
		consumers.push(
			...(page.Consumers ?? []).map((consumer) => ({
				name: consumer.ConsumerName ?? '',
				status: consumer.ConsumerStatus ?? 'UNKNOWN',
				createdAt: consumer.ConsumerCreationTimestamp,
			})),
		);
		// kinesis-mock hands a token with the last page too, then an empty page: either ends it.
		if (
			!page.NextToken ||
			page.NextToken === input.NextToken ||
			(page.Consumers ?? []).length === 0
		) {
			return consumers;
		}
		input = {StreamARN: arn, NextToken: page.NextToken, MaxResults: 100};
	}
}

/** Ends a fan-out consumer's registration (and its billing, on AWS): a write. */
export async function deregisterConsumer(
	client: KinesisClient,
	arn: string,
	name: string,
): Promise<void> {
	await send(client, new DeregisterStreamConsumerCommand({StreamARN: arn, ConsumerName: name}));
}

/** Where a reader stands in a shard: how far from the tip, and since when its next record waits. */
export type ShardStanding = {
	millisBehindLatest: number;
	/** The arrival time of the first record after the position; none when nothing is left to read. */
	firstUnreadArrival?: Date;
};

/**
 * The standing of a reader whose position is `after` (a sequence number; undefined: before the
 * first record kept): one GetShardIterator and one GetRecords of one record, which costs the
 * shard one of its 5 reads a second.
 */
export async function shardStanding(
	client: KinesisClient,
	stream: string,
	shardId: string,
	after: string | undefined,
	signal?: AbortSignal,
): Promise<ShardStanding> {
	const {ShardIterator: iterator} = await send(
		client,
		new GetShardIteratorCommand({
			StreamName: stream,
			ShardId: shardId,
			...(after === undefined
				? {ShardIteratorType: 'TRIM_HORIZON'}
				: {ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: after}),
		}),
		signal,
	);
	if (!iterator) {
		throw new Error(`GetShardIterator returned no iterator for ${shardId}.`);
	}
	const response = await send(
		client,
		new GetRecordsCommand({ShardIterator: iterator, Limit: 1}),
		signal,
	);
	return {
		millisBehindLatest: response.MillisBehindLatest ?? 0,
		firstUnreadArrival: response.Records?.[0]?.ApproximateArrivalTimestamp,
	};
}
