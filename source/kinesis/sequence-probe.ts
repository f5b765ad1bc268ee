import {
	GetRecordsCommand,
	GetShardIteratorCommand,
	type KinesisClient,
} from '@aws-sdk/client-kinesis';
import {send} from './deadlines.js';
import {isNotFound, isRefusedContent, isTransient} from './errors.js';
import {backoffDelay, sleep} from '../lib/rate-limiter.js';

/** Empty answers asked past while the shard says it is behind (AWS may answer empty at first). */
const MAX_EMPTY_CALLS = 5;
const MAX_TRIES = 5;

/**
 * Whether the shard holds the record of this sequence number: an iterator at it, and the first
 * record there is that one. A number the shard does not know is refused by the service (AWS: it
 * encodes another shard; other engines: no such record), or leads to another record.
 */
export async function holdsSequenceNumber(
	client: KinesisClient,
	stream: string,
	shardId: string,
	sequenceNumber: string,
	signal?: AbortSignal,
): Promise<boolean> {
	return politely(async () => {
		let iterator: string | undefined;
		try {
			({ShardIterator: iterator} = await send(
				client,
				new GetShardIteratorCommand({
					StreamName: stream,
					ShardId: shardId,
					ShardIteratorType: 'AT_SEQUENCE_NUMBER',
					StartingSequenceNumber: sequenceNumber,
				}),
				signal,
			));
		} catch (error) {
			if (isNotFound(error) || isRefusedContent(error)) {
				return false;
			}
			throw error;
		}
		for (let calls = 0; iterator && calls < MAX_EMPTY_CALLS; calls++) {
			const page = await send(
				client,
				new GetRecordsCommand({ShardIterator: iterator, Limit: 1}),
				signal,
			);
			const [first] = page.Records ?? [];
			if (first) {
				return first.SequenceNumber === sequenceNumber;
			}
			if ((page.MillisBehindLatest ?? 0) === 0) {
				return false;
			}
			iterator = page.NextShardIterator;
		}
		return false;
	}, signal);
}

/** A probe tried again after a throttle or a failure that may pass. */
async function politely<T>(probe: () => Promise<T>, signal?: AbortSignal): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await probe();
		} catch (error) {
			if (!isTransient(error) || attempt + 1 >= MAX_TRIES) {
				throw error;
			}
			await sleep(backoffDelay(attempt, {baseMs: 200, maxMs: 2000}), signal);
		}
	}
}
