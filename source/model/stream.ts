/** A stream as the explorer knows it: what the service tells of it, and what a person asks for. */

export type StreamStatus = 'CREATING' | 'DELETING' | 'ACTIVE' | 'UPDATING' | 'UNKNOWN';
export type CapacityMode = 'PROVISIONED' | 'ON_DEMAND';

/** What ListStreams tells about a stream: the name always, the rest where the service sends summaries. */
export type StreamListing = {
	name: string;
	status?: StreamStatus;
	mode?: CapacityMode;
	createdAt?: Date;
};

/** DescribeStreamSummary, in the explorer's terms. */
export type StreamSummary = {
	name: string;
	arn?: string;
	status: StreamStatus;
	mode?: CapacityMode;
	openShardCount?: number;
	retentionHours?: number;
	encryption: 'NONE' | 'KMS';
	keyId?: string;
	consumerCount?: number;
	enhancedMetrics: string[];
	createdAt?: Date;
};

export type NewStream = {name: string} & ({shardCount: number} | {onDemand: true});

export type Tag = {key: string; value: string};

/** The shard-level metrics enhanced monitoring can send to CloudWatch ('ALL' stands for these). */
export const SHARD_LEVEL_METRICS = [
	'IncomingBytes',
	'IncomingRecords',
	'OutgoingBytes',
	'OutgoingRecords',
	'WriteProvisionedThroughputExceeded',
	'ReadProvisionedThroughputExceeded',
	'IteratorAgeMilliseconds',
] as const;

export type ShardLevelMetric = (typeof SHARD_LEVEL_METRICS)[number];

export type StreamConsumer = {name: string; status: string; createdAt?: Date};
