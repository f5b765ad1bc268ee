import {
	GetRecordsCommand,
	type GetRecordsCommandOutput,
	GetShardIteratorCommand,
	type KinesisClient,
} from '@aws-sdk/client-kinesis';
import {DeadlineError, SLOW_CALL_MS, send} from './deadlines.js';
import {describeError, type ErrorContext, isAbort, isFatal, isThrottle} from './errors.js';
import type {StartingPosition} from '../model/positions.js';
import {sleep} from '../lib/rate-limiter.js';
import type {KinesisRecord} from '../model/records.js';
import type {ChildShard} from '../model/shard.js';
import {
	afterPoll,
	DEFAULT_TIMING,
	initialMachine,
	type PollResult,
	type PollTiming,
	type ReaderState,
} from '../model/poll-timing.js';
import {newRecords} from './kinesis-records.js';

/**
 * One shard's reader: an iterator from the starting position, GetRecords polled politely, the
 * iterator renewed after the last record delivered when it expires, backoff with jitter on throttling
 * and failures. It ends when the shard is closed and read to its end.
 */

export type ReaderStatus = {
	state: ReaderState;
	millisBehindLatest?: number;
	/** The sequence number of the last record delivered. */
	lastSequenceNumber?: string;
	/** What went wrong, while throttled or retrying. */
	problem?: string;
	retryAt?: number;
	/** A call has gone unanswered since then (ms since the epoch) for longer than SLOW_CALL_MS. */
	waitingSince?: number;
	/** GetRecords calls sent so far: what a read has cost the shard's shared 5 calls a second. */
	calls?: number;
	/**
	 * When the last call that found the shard caught up was sent (ms since the epoch, this machine's
	 * clock): every record that arrived before then has been delivered, but one still on its way in.
	 */
	caughtUpAt?: number;
	/** When the last answer came (ms since the epoch): a read long without one has stalled. */
	answeredAt?: number;
};

/**
 * How a shard's read ended: its children where the service named them (undefined: it did not), or
 * at the end of the window it was to read, with the shard still open past it.
 */
export type ShardEnd = {childShards?: ChildShard[]; reachedUntil?: boolean};

/** What a shard's read takes, by polling or by subscription. */
export type ShardReadOptions = {
	client: KinesisClient;
	stream: string;
	shardId: string;
	position: StartingPosition;
	signal: AbortSignal;
	/** Gets each batch, in order; the next call waits for it (a slow stdout holds the reader back). */
	onRecords: (records: KinesisRecord[]) => void | Promise<void>;
	onStatus?: (status: ReaderStatus) => void;
	/** Resolves when reading may go on (the user paused the tail). */
	gate?: () => Promise<void>;
	random?: () => number;
	errorContext?: ErrorContext;
	/**
	 * The end of a window: records that arrived after it are not delivered, and the read ends at the
	 * first of them, or once the shard is found caught up by a call sent at or after it (nothing that
	 * arrived before it can still be coming).
	 */
	until?: Date;
};

export type ReadShardOptions = ShardReadOptions & {
	timing?: PollTiming;
	/** GetRecords' Limit: at most 10,000 records a call. */
	limit?: number;
};

export async function readShard(options: ReadShardOptions): Promise<ShardEnd> {
	const {client, stream, shardId, signal, onRecords, gate, until} = options;
	const {timing = DEFAULT_TIMING, limit = 10_000, random = Math.random} = options;
	let machine = initialMachine;
	/**
	 * GetRecords' Limit for the next call: cut after a call runs out of time, as a link too slow to
	 * bring a full answer (10 MB) within the deadline still brings a smaller one; grown back after
	 * each answer.
	 */
	let callLimit = limit;
	let lastSequenceNumber: string | undefined;
	/** When the last call that found nothing, with nothing delivered before it, was sent. */
	let emptySince: Date | undefined;
	let calls = 0;
	let caughtUpAt: number | undefined;
	let answeredAt: number | undefined;

	const report = (retryAt?: number, waitingSince?: number) =>
		options.onStatus?.({
			state: machine.state,
			millisBehindLatest: machine.millisBehindLatest,
			lastSequenceNumber,
			problem:
				machine.state === 'throttled' || machine.state === 'retrying' ? machine.problem : undefined,
			retryAt,
			waitingSince,
			calls,
			caughtUpAt,
			answeredAt,
		});
	/** A call, the shard reported as waiting on it while it goes unanswered for long. */
	const watched = async <T>(call: Promise<T>): Promise<T> => {
		const sentAt = Date.now();
		let slow = false;
		const timer = setTimeout(() => {
			slow = true;
			report(undefined, sentAt);
		}, SLOW_CALL_MS);
		try {
			return await call;
		} finally {
			clearTimeout(timer);
			if (slow) {
				report();
			}
		}
	};
	const classify = (error: unknown): PollResult => {
		if (isAbort(error, signal) || isFatal(error)) {
			throw error;
		}
		if (error instanceof Error && error.name === 'ExpiredIteratorException') {
			return {kind: 'expired'};
		}
		const problem = describeError(error, {...options.errorContext, stream});
		return isThrottle(error) ? {kind: 'throttled', problem} : {kind: 'failed', problem};
	};

	/**
	 * Where to pick up: after the last record delivered; before any, where the read started. A LATEST
	 * read that has seen nothing resumes at the time of its last empty answer, so that a record that
	 * arrived while the iterator was being renewed is not skipped.
	 */
	const resumePosition = (): StartingPosition => {
		if (lastSequenceNumber !== undefined) {
			return {type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: lastSequenceNumber};
		}
		if (options.position.type === 'LATEST' && emptySince) {
			return {type: 'AT_TIMESTAMP', timestamp: emptySince};
		}
		return options.position;
	};

	const getIterator = async (): Promise<string> => {
		for (;;) {
			const position = resumePosition();
			try {
				const response = await watched(
					send(
						client,
						new GetShardIteratorCommand({
							StreamName: stream,
							ShardId: shardId,
							ShardIteratorType: position.type,
							StartingSequenceNumber:
								'sequenceNumber' in position ? position.sequenceNumber : undefined,
							Timestamp: position.type === 'AT_TIMESTAMP' ? position.timestamp : undefined,
						}),
						signal,
					),
				);
				if (!response.ShardIterator) {
					throw new Error(`GetShardIterator returned no iterator for ${shardId}.`);
				}
				return response.ShardIterator;
			} catch (error) {
				const result = classify(error);
				// An iterator cannot expire before it exists: a failure to get one is retried as any other.
				const next = afterPoll(
					machine,
					result.kind === 'expired' ? {kind: 'failed', problem: 'Iterator expired.'} : result,
					timing,
					random,
				);
				machine = next.machine;
				report(Date.now() + next.delayMs);
				await sleep(next.delayMs, signal);
			}
		}
	};

	report();
	let iterator = await getIterator();
	let lastCallAt = 0;
	let delayMs = 0;
	for (;;) {
		await sleep(Math.max(0, lastCallAt + delayMs - Date.now()), signal);
		// Right before the call: a pause that came during the wait holds this call back too.
		await gate?.();
		lastCallAt = Date.now();
		const sentAt = new Date();
		let result: PollResult;
		let response: GetRecordsCommandOutput | undefined;
		let pastUntil = false;
		try {
			calls++;
			response = await watched(
				send(client, new GetRecordsCommand({ShardIterator: iterator, Limit: callLimit}), signal),
			);
			answeredAt = Date.now();
			const records = response.Records ?? [];
			const full = records.length >= callLimit;
			callLimit = Math.min(limit, callLimit * 2);
			let fresh = newRecords(records, lastSequenceNumber, shardId);
			// A shard's records arrive in the order of their sequence numbers: the first one past the
			// window's end is the end of the window in this shard.
			const beyond =
				until === undefined
					? -1
					: fresh.findIndex((record) => record.approximateArrivalTimestamp > until);
			if (beyond >= 0) {
				fresh = fresh.slice(0, beyond);
				pastUntil = true;
			}
			if (fresh.length > 0) {
				await onRecords(fresh);
				lastSequenceNumber = fresh.at(-1)?.sequenceNumber;
			} else if (lastSequenceNumber === undefined) {
				emptySince = sentAt;
			}
			result = {
				kind: 'records',
				count: records.length,
				full,
				millisBehindLatest: response.MillisBehindLatest,
				closed: !response.NextShardIterator,
			};
		} catch (error) {
			if (error instanceof DeadlineError) {
				callLimit = Math.max(1, Math.floor(callLimit / 10));
			}
			result = classify(error);
		}
		const next = afterPoll(machine, result, timing, random);
		machine = next.machine;
		delayMs = next.delayMs;
		if (result.kind === 'records' && machine.state === 'caught-up') {
			caughtUpAt = sentAt.getTime();
		}
		report(result.kind === 'records' ? undefined : lastCallAt + delayMs);
		if (
			pastUntil ||
			(until !== undefined && next.machine.state === 'caught-up' && sentAt >= until)
		) {
			return {reachedUntil: true};
		}
		switch (next.action) {
			case 'end': {
				return {childShards: childShardsOf(response)};
			}
			case 'renew': {
				await sleep(next.delayMs, signal);
				iterator = await getIterator();
				delayMs = 0;
				break;
			}
			case 'poll': {
				if (response?.NextShardIterator) {
					iterator = response.NextShardIterator;
				}
				break;
			}
		}
	}
}

function childShardsOf(response: GetRecordsCommandOutput | undefined): ChildShard[] | undefined {
	return response?.ChildShards?.map((child) => ({
		shardId: child.ShardId ?? '',
		parentShardIds: child.ParentShards ?? [],
	}));
}
