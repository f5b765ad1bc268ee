import {
	DescribeStreamConsumerCommand,
	type KinesisClient,
	RegisterStreamConsumerCommand,
	type StartingPosition as SdkStartingPosition,
	SubscribeToShardCommand,
	type SubscribeToShardEvent,
} from '@aws-sdk/client-kinesis';
import {send, startDeadline} from './deadlines.js';
import {describeError, isNotFound, isThrottle} from './errors.js';
import {compareSequenceNumbers} from '../model/positions.js';
import {backoffDelay, sleep} from '../lib/rate-limiter.js';
import type {ReaderStatus, ShardEnd, ShardReadOptions} from './reader.js';
import type {ChildShard} from '../model/shard.js';
import {isAbort, isFatal} from './errors.js';
import type {ReaderState} from '../model/poll-timing.js';
import {newRecords} from './kinesis-records.js';
import {describeStreamSummary} from './streams.js';

/**
 * Enhanced fan-out: a registered consumer gets each shard's records pushed over SubscribeToShard,
 * with its own 2 MB/s a shard, instead of sharing the 5 GetRecords calls a second. A subscription
 * lasts 5 minutes; it is renewed from where the last one stopped.
 */

export type Consumer = {arn: string; name: string; registered: boolean};

/** The stream's consumer of that name, registered first if there is none, once it is ACTIVE. */
export async function ensureConsumer(
	client: KinesisClient,
	stream: string,
	name: string,
	{signal, pollMs = 500}: {signal?: AbortSignal; pollMs?: number} = {},
): Promise<Consumer> {
	const summary = await describeStreamSummary(client, stream, signal);
	if (!summary.arn) {
		throw new Error(`The service did not give the ARN of "${stream}", which fan-out needs.`);
	}
	const streamArn = summary.arn;
	let registered = false;
	for (;;) {
		try {
			const {ConsumerDescription: consumer} = await send(
				client,
				new DescribeStreamConsumerCommand({StreamARN: streamArn, ConsumerName: name}),
				signal,
			);
			if (consumer?.ConsumerStatus === 'ACTIVE' && consumer.ConsumerARN) {
				return {arn: consumer.ConsumerARN, name, registered};
			}
			if (consumer?.ConsumerStatus === 'DELETING') {
				throw new Error(
					`The consumer "${name}" is being deregistered; try again in a moment, or use another name.`,
				);
			}
		} catch (error) {
			if (!isNotFound(error) || registered) {
				throw error;
			}
			await send(
				client,
				new RegisterStreamConsumerCommand({StreamARN: streamArn, ConsumerName: name}),
				signal,
			);
			registered = true;
		}
		// DescribeStreamConsumer allows 20 calls a second per stream; twice a second is plenty.
		await sleep(pollMs, signal);
	}
}

export type SubscribeOptions = ShardReadOptions & {
	consumerArn: string;
	/**
	 * Whether ListShards says the shard is closed. Some engines keep a closed shard's subscription
	 * open without ever naming its children; once the shard is known closed and the subscription has
	 * twice answered that it is caught up, with nothing new, the shard has been read to its end.
	 */
	isClosed?: () => boolean;
	/** SubscribeToShard allows one call a second per consumer and shard. */
	minIntervalMs?: number;
};

/**
 * Reads one shard by subscription until it is closed and read to its end, or to the end of its
 * window (`until`): at the first record that arrived after it, or at an event that finds the shard
 * caught up on a subscription made at or after it. A subscription made before it may still have
 * records from before it to send after a caught-up event, so it is made again first.
 */
export async function subscribeShard(options: SubscribeOptions): Promise<ShardEnd> {
	const {client, consumerArn, shardId, signal, gate, until, minIntervalMs = 1000} = options;
	const random = options.random ?? Math.random;
	let lastSequenceNumber: string | undefined;
	let continuation: string | undefined;
	let failures = 0;
	let lastCallAt = Number.NEGATIVE_INFINITY;
	let waitMs = 0;
	let caughtUpSinceClosed = 0;
	let caughtUpAt: number | undefined;
	let answeredAt: number | undefined;

	const report = (state: ReaderState, extra: Partial<ReaderStatus> = {}) =>
		options.onStatus?.({state, lastSequenceNumber, caughtUpAt, answeredAt, ...extra});

	/** After the last record delivered, or the last position the service confirmed, or the start. */
	const resumePosition = (): SdkStartingPosition => {
		const candidates = [lastSequenceNumber, continuation].filter(
			(value): value is string => value !== undefined,
		);
		const after = candidates.sort(compareSequenceNumbers).at(-1);
		if (after !== undefined) {
			return {Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after};
		}
		const {position} = options;
		return {
			Type: position.type,
			SequenceNumber: 'sequenceNumber' in position ? position.sequenceNumber : undefined,
			Timestamp: position.type === 'AT_TIMESTAMP' ? position.timestamp : undefined,
		};
	};

	report('starting');
	for (;;) {
		await sleep(Math.max(waitMs, lastCallAt + minIntervalMs - Date.now()), signal);
		await gate?.();
		lastCallAt = Date.now();
		const subscribedAt = new Date();
		// A subscription that has gone quiet for too long is dead (a dropped connection says nothing):
		// the deadline starts again with every event, and waits while the tail holds the event.
		const deadline = startDeadline(client, 'SubscribeToShard', signal);
		// A subscription left before its end is closed, so that the next one is not refused as in use.
		const leave = new AbortController();
		let ended: ShardEnd | undefined;
		try {
			const response = await client.send(
				new SubscribeToShardCommand({
					ConsumerARN: consumerArn,
					ShardId: shardId,
					StartingPosition: resumePosition(),
				}),
				{abortSignal: AbortSignal.any([deadline.signal, leave.signal])},
			);
			for await (const event of response.EventStream ?? []) {
				deadline.hold();
				if (!event.SubscribeToShardEvent) {
					throw eventError(event);
				}
				// An event is pushed once made: when it comes is the nearest this side knows of when the
				// shard was read up to.
				answeredAt = Date.now();
				await gate?.();
				const batch: SubscribeToShardEvent = event.SubscribeToShardEvent;
				let fresh = newRecords(batch.Records ?? [], lastSequenceNumber, shardId);
				// A shard's records come in the order they arrived: the first past the window ends it here.
				const beyond =
					until === undefined
						? -1
						: fresh.findIndex((record) => record.approximateArrivalTimestamp > until);
				if (beyond >= 0) {
					fresh = fresh.slice(0, beyond);
				}
				if (fresh.length > 0) {
					await options.onRecords(fresh);
					lastSequenceNumber = fresh.at(-1)?.sequenceNumber;
				}
				if (beyond >= 0) {
					report('caught-up', {millisBehindLatest: batch.MillisBehindLatest});
					ended = {reachedUntil: true};
					break;
				}
				failures = 0;
				continuation = batch.ContinuationSequenceNumber ?? continuation;
				// A closed shard's last event names its children and has nothing to continue from.
				if (batch.ChildShards?.length || !batch.ContinuationSequenceNumber) {
					report('closed', {millisBehindLatest: 0});
					return {
						childShards: batch.ChildShards?.map((child): ChildShard => ({
							shardId: child.ShardId ?? '',
							parentShardIds: child.ParentShards ?? [],
						})),
					};
				}
				const lag = batch.MillisBehindLatest;
				const caughtUp = (lag ?? 0) === 0;
				if (options.isClosed?.()) {
					caughtUpSinceClosed = caughtUp && fresh.length === 0 ? caughtUpSinceClosed + 1 : 0;
					if (caughtUpSinceClosed >= 2) {
						report('closed', {millisBehindLatest: 0});
						return {childShards: undefined};
					}
				}
				if (caughtUp) {
					caughtUpAt = answeredAt;
				}
				report(caughtUp ? 'caught-up' : 'reading', {millisBehindLatest: lag});
				// A shard known to be closed is read on to its end: its children may hold the window's rest.
				if (
					until !== undefined &&
					caughtUp &&
					Date.now() >= until.getTime() &&
					options.isClosed?.() !== true
				) {
					// Made before the window's end, the subscription is made again, to be sure.
					ended = subscribedAt >= until ? {reachedUntil: true} : undefined;
					break;
				}
				deadline.extend();
			}
			if (ended) {
				return ended;
			}
			// A subscription cut by its deadline may end as if it were over: it is a failure all the same.
			deadline.signal.throwIfAborted();
			// The subscription's 5 minutes are up: subscribe again from where it stopped.
			report('renewing');
			waitMs = 0;
		} catch (caught) {
			const error = deadline.failure(caught);
			if (isAbort(error, signal) || isFatal(error)) {
				throw error;
			}
			const problem = describeError(error, {...options.errorContext, stream: options.stream});
			// ResourceInUse: the subscription before this one has not ended yet on the service's side,
			// which AWS says lasts up to 5 s: a longer wait only leaves the shard unread.
			const inUse = nameOf(error) === 'ResourceInUseException';
			const throttled = isThrottle(error) || inUse;
			waitMs = backoffDelay(failures++, {baseMs: 1000, maxMs: inUse ? 5000 : 30_000, random});
			report(throttled ? 'throttled' : 'retrying', {problem, retryAt: Date.now() + waitMs});
		} finally {
			leave.abort();
			deadline.end();
		}
	}
}

/** An error event in the stream (the shard's stream was deleted, an internal failure …) as an Error. */
function eventError(event: object): Error {
	const [name, detail] = Object.entries(event).find(([, value]) => value !== undefined) ?? [
		'UnknownEvent',
		undefined,
	];
	const message =
		typeof detail === 'object' && detail !== null && 'message' in detail
			? String((detail as {message: unknown}).message)
			: 'the subscription sent an event the explorer does not know';
	const error = new Error(message);
	error.name = name === '$unknown' ? 'UnknownEvent' : name;
	return error;
}

function nameOf(error: unknown): string | undefined {
	return error instanceof Error ? error.name : undefined;
}
