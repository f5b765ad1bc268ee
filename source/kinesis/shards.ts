import {
	type KinesisClient,
	ListShardsCommand,
	type ListShardsCommandInput,
	MergeShardsCommand,
	type Shard as SdkShard,
	SplitShardCommand,
	UpdateShardCountCommand,
} from '@aws-sdk/client-kinesis';
import {send} from './deadlines.js';
import type {Shard} from '../model/shard.js';
import type {RateLimiter} from '../lib/rate-limiter.js';

/** Every shard the service still returns for the stream: open, closed, and children of both. */
export async function listShards(
	client: KinesisClient,
	stream: string,
	{limiter, signal}: {limiter?: RateLimiter; signal?: AbortSignal} = {},
): Promise<Shard[]> {
	const shards: Shard[] = [];
	// ListShards refuses StreamName together with NextToken.
	let input: ListShardsCommandInput = {StreamName: stream, MaxResults: 1000};
	for (;;) {
		await limiter?.take(signal);
		const page = await send(client, new ListShardsCommand(input), signal);
		shards.push(...(page.Shards ?? []).map(toShard));
		if (!page.NextToken) {
			return shards;
		}
		input = {NextToken: page.NextToken, MaxResults: 1000};
	}
}

export async function splitShard(
	client: KinesisClient,
	stream: string,
	shardId: string,
	newStartingHashKey: bigint,
): Promise<void> {
	await send(
		client,
		new SplitShardCommand({
			StreamName: stream,
			ShardToSplit: shardId,
			NewStartingHashKey: newStartingHashKey.toString(),
		}),
	);
}

export async function mergeShards(
	client: KinesisClient,
	stream: string,
	shardId: string,
	adjacentShardId: string,
): Promise<void> {
	await send(
		client,
		new MergeShardsCommand({
			StreamName: stream,
			ShardToMerge: shardId,
			AdjacentShardToMerge: adjacentShardId,
		}),
	);
}

/**
 * Uniform scaling to `target` open shards. Kinesis allows from half to double the open count in one
 * call (and only for provisioned streams); the service has the last word on its other quotas.
 */
export async function updateShardCount(
	client: KinesisClient,
	stream: string,
	target: number,
): Promise<void> {
	await send(
		client,
		new UpdateShardCountCommand({
			StreamName: stream,
			TargetShardCount: target,
			ScalingType: 'UNIFORM_SCALING',
		}),
	);
}

function toShard(shard: SdkShard): Shard {
	return {
		shardId: shard.ShardId ?? '',
		parentShardId: shard.ParentShardId,
		adjacentParentShardId: shard.AdjacentParentShardId,
		hashKeyRange: {
			start: BigInt(shard.HashKeyRange?.StartingHashKey ?? '0'),
			end: BigInt(shard.HashKeyRange?.EndingHashKey ?? '0'),
		},
		sequenceNumberRange: {
			start: shard.SequenceNumberRange?.StartingSequenceNumber ?? '',
			end: shard.SequenceNumberRange?.EndingSequenceNumber,
		},
	};
}
