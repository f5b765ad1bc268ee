import {
	CreateStreamCommand,
	DescribeStreamSummaryCommand,
	type KinesisClient,
	ListStreamsCommand,
	type ListStreamsCommandInput,
} from '@aws-sdk/client-kinesis';
import {isNotFound} from './errors.js';
import {type RateLimiter, sleep} from './rate-limiter.js';

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

/** AWS allows up to 10,000 names a page; engines that cap lower simply page more. */
const LIST_PAGE_LIMIT = 1000;

/**
 * Every stream, a page at a time. Real AWS pages with NextToken; kinesis-mock and kinesalite answer
 * HasMoreStreams without a token, and are paged from the last name instead.
 */
export async function* listStreamPages(
	client: KinesisClient,
	{limiter, signal}: {limiter?: RateLimiter; signal?: AbortSignal} = {},
): AsyncGenerator<StreamListing[]> {
	let input: ListStreamsCommandInput = {Limit: LIST_PAGE_LIMIT};
	for (;;) {
		await limiter?.take(signal);
		const page = await client.send(new ListStreamsCommand(input), {abortSignal: signal});
		const listings: StreamListing[] = page.StreamSummaries?.length
			? page.StreamSummaries.map((summary) => ({
					name: summary.StreamName ?? '',
					status: streamStatus(summary.StreamStatus),
					mode: capacityMode(summary.StreamModeDetails?.StreamMode),
					createdAt: summary.StreamCreationTimestamp,
				}))
			: (page.StreamNames ?? []).map((name) => ({name}));
		yield listings;
		const last = listings.at(-1)?.name;
		if (page.NextToken) {
			input = {NextToken: page.NextToken, Limit: LIST_PAGE_LIMIT};
		} else if (
			page.HasMoreStreams &&
			last !== undefined &&
			last !== input.ExclusiveStartStreamName
		) {
			input = {ExclusiveStartStreamName: last, Limit: LIST_PAGE_LIMIT};
		} else {
			return;
		}
	}
}

export async function listAllStreams(
	client: KinesisClient,
	options: {limiter?: RateLimiter; signal?: AbortSignal} = {},
): Promise<StreamListing[]> {
	const all: StreamListing[] = [];
	for await (const page of listStreamPages(client, options)) {
		all.push(...page);
	}
	return all;
}

export async function describeStreamSummary(
	client: KinesisClient,
	name: string,
	signal?: AbortSignal,
): Promise<StreamSummary> {
	const response = await client.send(new DescribeStreamSummaryCommand({StreamName: name}), {
		abortSignal: signal,
	});
	const summary = response.StreamDescriptionSummary;
	if (!summary) {
		throw new Error(`DescribeStreamSummary returned nothing for "${name}".`);
	}
	return {
		name: summary.StreamName ?? name,
		arn: summary.StreamARN,
		status: streamStatus(summary.StreamStatus),
		mode: capacityMode(summary.StreamModeDetails?.StreamMode),
		openShardCount: summary.OpenShardCount,
		retentionHours: summary.RetentionPeriodHours,
		encryption: summary.EncryptionType === 'KMS' ? 'KMS' : 'NONE',
		keyId: summary.KeyId,
		consumerCount: summary.ConsumerCount,
		enhancedMetrics: (summary.EnhancedMonitoring ?? []).flatMap(
			(monitoring) => monitoring.ShardLevelMetrics ?? [],
		),
		createdAt: summary.StreamCreationTimestamp,
	};
}

export type NewStream = {name: string} & ({shardCount: number} | {onDemand: true});

export async function createStream(client: KinesisClient, stream: NewStream): Promise<void> {
	await client.send(
		new CreateStreamCommand(
			'onDemand' in stream
				? {StreamName: stream.name, StreamModeDetails: {StreamMode: 'ON_DEMAND'}}
				: {StreamName: stream.name, ShardCount: stream.shardCount},
		),
	);
}

/** Polls until the stream is ACTIVE: after a create, split, merge or any update. */
export async function waitForActive(
	client: KinesisClient,
	name: string,
	{
		pollMs = 250,
		timeoutMs = 120_000,
		signal,
	}: {pollMs?: number; timeoutMs?: number; signal?: AbortSignal} = {},
): Promise<StreamSummary> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const summary = await describeStreamSummary(client, name, signal);
			if (summary.status === 'ACTIVE') {
				return summary;
			}
		} catch (error) {
			// A stream that was just created can be invisible for a moment on some engines.
			if (!isNotFound(error)) {
				throw error;
			}
		}
		if (Date.now() > deadline) {
			throw new Error(`Stream "${name}" did not become ACTIVE within ${timeoutMs / 1000} s.`);
		}
		await sleep(pollMs, signal);
	}
}

function streamStatus(status: string | undefined): StreamStatus {
	return status === 'CREATING' ||
		status === 'DELETING' ||
		status === 'ACTIVE' ||
		status === 'UPDATING'
		? status
		: 'UNKNOWN';
}

function capacityMode(mode: string | undefined): CapacityMode | undefined {
	return mode === 'PROVISIONED' || mode === 'ON_DEMAND' ? mode : undefined;
}
