import {
	AddTagsToStreamCommand,
	CreateStreamCommand,
	DecreaseStreamRetentionPeriodCommand,
	DeleteStreamCommand,
	DescribeStreamSummaryCommand,
	DisableEnhancedMonitoringCommand,
	EnableEnhancedMonitoringCommand,
	IncreaseStreamRetentionPeriodCommand,
	type KinesisClient,
	ListStreamsCommand,
	type ListStreamsCommandInput,
	ListTagsForStreamCommand,
	RemoveTagsFromStreamCommand,
	StartStreamEncryptionCommand,
	StopStreamEncryptionCommand,
	UpdateStreamModeCommand,
} from '@aws-sdk/client-kinesis';
import {send} from './deadlines.js';
import {isNotFound} from './errors.js';
import {type RateLimiter, sleep} from '../lib/rate-limiter.js';
import {
	type CapacityMode,
	type NewStream,
	type ShardLevelMetric,
	type StreamListing,
	type StreamStatus,
	type StreamSummary,
	type Tag,
} from '../model/stream.js';

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
		const page = await send(client, new ListStreamsCommand(input), signal);
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
	const response = await send(client, new DescribeStreamSummaryCommand({StreamName: name}), signal);
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

export async function createStream(client: KinesisClient, stream: NewStream): Promise<void> {
	await send(
		client,
		new CreateStreamCommand(
			'onDemand' in stream
				? {StreamName: stream.name, StreamModeDetails: {StreamMode: 'ON_DEMAND'}}
				: {StreamName: stream.name, ShardCount: stream.shardCount},
		),
	);
}

/**
 * Deletes the stream and its records. Kinesis refuses a stream with registered consumers unless
 * they go with it (`withConsumers`), and a stream that is not ACTIVE: see deleteStreamIfAllowed.
 */
export async function deleteStream(
	client: KinesisClient,
	name: string,
	{withConsumers = false}: {withConsumers?: boolean} = {},
): Promise<void> {
	await send(
		client,
		new DeleteStreamCommand({
			StreamName: name,
			...(withConsumers ? {EnforceConsumerDeletion: true} : {}),
		}),
	);
}

/** Increase and decrease are separate calls; the current period says which one this is. */
export async function setRetention(
	client: KinesisClient,
	name: string,
	hours: number,
	currentHours: number,
): Promise<void> {
	const input = {StreamName: name, RetentionPeriodHours: hours};
	await send(
		client,
		hours > currentHours
			? new IncreaseStreamRetentionPeriodCommand(input)
			: new DecreaseStreamRetentionPeriodCommand(input),
	);
}

/** Every tag of the stream, a page at a time (ListTagsForStream pages from the last key). */
export async function listTags(
	client: KinesisClient,
	name: string,
	signal?: AbortSignal,
): Promise<Tag[]> {
	const tags: Tag[] = [];
	for (;;) {
		const page = await send(
			client,
			new ListTagsForStreamCommand({
				StreamName: name,
				Limit: 50,
				ExclusiveStartTagKey: tags.at(-1)?.key,
			}),
			signal,
		);
		tags.push(...(page.Tags ?? []).map((tag) => ({key: tag.Key ?? '', value: tag.Value ?? ''})));
		if (!page.HasMoreTags || (page.Tags ?? []).length === 0) {
			return tags;
		}
	}
}

/** AddTagsToStream takes at most 10 tags a call. */
export async function addTags(
	client: KinesisClient,
	name: string,
	tags: readonly Tag[],
): Promise<void> {
	for (let index = 0; index < tags.length; index += 10) {
		const chunk = tags.slice(index, index + 10);
		await send(
			client,
			new AddTagsToStreamCommand({
				StreamName: name,
				Tags: Object.fromEntries(chunk.map((tag) => [tag.key, tag.value])),
			}),
		);
	}
}

/** RemoveTagsFromStream takes at most 50 keys a call. */
export async function removeTags(
	client: KinesisClient,
	name: string,
	keys: readonly string[],
): Promise<void> {
	for (let index = 0; index < keys.length; index += 50) {
		await send(
			client,
			new RemoveTagsFromStreamCommand({StreamName: name, TagKeys: keys.slice(index, index + 50)}),
		);
	}
}

export async function setEnhancedMonitoring(
	client: KinesisClient,
	name: string,
	{enable, disable}: {enable: readonly ShardLevelMetric[]; disable: readonly ShardLevelMetric[]},
): Promise<void> {
	if (enable.length > 0) {
		await send(
			client,
			new EnableEnhancedMonitoringCommand({StreamName: name, ShardLevelMetrics: [...enable]}),
		);
	}
	if (disable.length > 0) {
		await send(
			client,
			new DisableEnhancedMonitoringCommand({StreamName: name, ShardLevelMetrics: [...disable]}),
		);
	}
}

/** Server-side encryption with a KMS key: its id, ARN, alias name or alias ARN. */
export async function startEncryption(
	client: KinesisClient,
	name: string,
	keyId: string,
): Promise<void> {
	await send(
		client,
		new StartStreamEncryptionCommand({StreamName: name, EncryptionType: 'KMS', KeyId: keyId}),
	);
}

/** StopStreamEncryption names the key that encrypts the stream now. */
export async function stopEncryption(
	client: KinesisClient,
	name: string,
	keyId: string,
): Promise<void> {
	await send(
		client,
		new StopStreamEncryptionCommand({StreamName: name, EncryptionType: 'KMS', KeyId: keyId}),
	);
}

/** UpdateStreamMode takes the stream's ARN, not its name. */
export async function updateStreamMode(
	client: KinesisClient,
	arn: string,
	mode: CapacityMode,
): Promise<void> {
	await send(
		client,
		new UpdateStreamModeCommand({StreamARN: arn, StreamModeDetails: {StreamMode: mode}}),
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
