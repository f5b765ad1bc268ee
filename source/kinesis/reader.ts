import {
	GetRecordsCommand,
	type GetRecordsCommandOutput,
	GetShardIteratorCommand,
	type KinesisClient,
	type _Record as SdkRecord,
} from '@aws-sdk/client-kinesis';
import {DeadlineError, SLOW_CALL_MS, send} from './deadlines.js';
import {describeError, type ErrorContext, isThrottle} from './errors.js';
import {compareSequenceNumbers, type StartingPosition} from '../model/positions.js';
import {backoffDelay, sleep} from '../lib/rate-limiter.js';
import type {KinesisRecord} from '../model/records.js';

/**
 * One shard's reader: an iterator from the starting position, GetRecords polled politely, the
 * iterator renewed after the last record delivered when it expires, backoff with jitter on throttling
 * and failures. It ends when the shard is closed and read to its end.
 */

export type ReaderState =
	'starting' | 'reading' | 'caught-up' | 'throttled' | 'retrying' | 'renewing' | 'closed';

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
};

export type ChildShard = {shardId: string; parentShardIds: string[]};

/** How a shard's read ended: its children where the service named them (undefined: it did not). */
export type ShardEnd = {childShards?: ChildShard[]};

export type PollTiming = {
	/**
	 * Between the starts of two calls while behind. GetRecords allows 5 calls a second per shard,
	 * shared with every other consumer: 250 ms (4 a second) leaves room for the others.
	 */
	behindMs: number;
	/** Between calls once caught up: new records show within about this long. */
	caughtUpMs: number;
	throttleBaseMs: number;
	retryBaseMs: number;
	maxBackoffMs: number;
};

export const DEFAULT_TIMING: PollTiming = {
	behindMs: 250,
	caughtUpMs: 1000,
	throttleBaseMs: 1000,
	retryBaseMs: 1000,
	maxBackoffMs: 30_000,
};

/** The reader's state machine, without I/O: what happened, and what it does next. */
export type ReaderMachine = {
	state: ReaderState;
	/** Failed calls in a row, for the backoff. */
	failures: number;
	millisBehindLatest?: number;
	problem?: string;
};

export type PollResult =
	| {
			kind: 'records';
			count: number;
			/** The call came back as full as it may: more is waiting. */
			full: boolean;
			millisBehindLatest?: number;
			/** No next iterator: the shard is closed and read to its end. */
			closed: boolean;
	  }
	| {kind: 'throttled'; problem: string}
	| {kind: 'expired'}
	| {kind: 'failed'; problem: string};

export type NextStep = {
	machine: ReaderMachine;
	action: 'poll' | 'renew' | 'end';
	/** How long after the last call started the next one may start. */
	delayMs: number;
};

export const initialMachine: ReaderMachine = {state: 'starting', failures: 0};

export function afterPoll(
	machine: ReaderMachine,
	result: PollResult,
	timing: PollTiming = DEFAULT_TIMING,
	random: () => number = Math.random,
): NextStep {
	switch (result.kind) {
		case 'records': {
			if (result.closed) {
				return {
					machine: {state: 'closed', failures: 0, millisBehindLatest: 0},
					action: 'end',
					delayMs: 0,
				};
			}
			// Engines that do not report the lag are behind while their answers come back full.
			const behind = (result.millisBehindLatest ?? 0) > 0 || result.full;
			return {
				machine: {
					state: behind ? 'reading' : 'caught-up',
					failures: 0,
					millisBehindLatest: result.millisBehindLatest,
				},
				action: 'poll',
				delayMs: behind ? timing.behindMs : timing.caughtUpMs,
			};
		}
		case 'throttled': {
			return {
				machine: {
					...machine,
					state: 'throttled',
					failures: machine.failures + 1,
					problem: result.problem,
				},
				action: 'poll',
				delayMs: backoffDelay(machine.failures, {
					baseMs: timing.throttleBaseMs,
					maxMs: timing.maxBackoffMs,
					random,
				}),
			};
		}
		case 'failed': {
			return {
				machine: {
					...machine,
					state: 'retrying',
					failures: machine.failures + 1,
					problem: result.problem,
				},
				action: 'poll',
				delayMs: backoffDelay(machine.failures, {
					baseMs: timing.retryBaseMs,
					maxMs: timing.maxBackoffMs,
					random,
				}),
			};
		}
		case 'expired': {
			// Renewing is one call; an iterator that keeps expiring at once is backed off like a failure.
			return {
				machine: {...machine, state: 'renewing', failures: machine.failures + 1},
				action: 'renew',
				delayMs:
					machine.state === 'renewing'
						? backoffDelay(machine.failures, {
								baseMs: timing.retryBaseMs,
								maxMs: timing.maxBackoffMs,
								random,
							})
						: 0,
			};
		}
	}
}

/**
 * Errors that no wait will cure: the reader gives up on them and says why. Expired credentials are
 * not among them: the user renews them (aws sso login, new keys) and the reading goes on from where
 * it was.
 */
const FATAL = new Set([
	'ResourceNotFoundException',
	'InvalidArgumentException',
	'ValidationException',
	'AccessDeniedException',
	'UnrecognizedClientException',
	'InvalidSignatureException',
	'KMSAccessDeniedException',
	'KMSDisabledException',
	'KMSInvalidStateException',
	'KMSNotFoundException',
	'KMSOptInRequired',
	'ReadOnlyError',
	'CredentialsProviderError',
	'UsageError',
	'TailTargetError',
]);

export function isFatal(error: unknown): boolean {
	return error instanceof Error && (FATAL.has(error.name) || error.message === 'Region is missing');
}

export function isAbort(error: unknown, signal: AbortSignal): boolean {
	return signal.aborted || (error instanceof Error && error.name === 'AbortError');
}

export type ReadShardOptions = {
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
	timing?: PollTiming;
	/** GetRecords' Limit: at most 10,000 records a call. */
	limit?: number;
	random?: () => number;
	errorContext?: ErrorContext;
};

export async function readShard(options: ReadShardOptions): Promise<ShardEnd> {
	const {client, stream, shardId, signal, onRecords, gate} = options;
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

	const report = (retryAt?: number, waitingSince?: number) =>
		options.onStatus?.({
			state: machine.state,
			millisBehindLatest: machine.millisBehindLatest,
			lastSequenceNumber,
			problem:
				machine.state === 'throttled' || machine.state === 'retrying' ? machine.problem : undefined,
			retryAt,
			waitingSince,
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
		try {
			response = await watched(
				send(client, new GetRecordsCommand({ShardIterator: iterator, Limit: callLimit}), signal),
			);
			const records = response.Records ?? [];
			const full = records.length >= callLimit;
			callLimit = Math.min(limit, callLimit * 2);
			const fresh = newRecords(records, lastSequenceNumber, shardId);
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
		report(result.kind === 'records' ? undefined : lastCallAt + delayMs);
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

/**
 * The records after the last one delivered, as the explorer's own type. Sequence numbers within a
 * shard only grow, so anything at or before the last one is a repeat (an engine that answers a
 * renewed iterator from a little early) and is left out.
 */
function newRecords(
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

function childShardsOf(response: GetRecordsCommandOutput | undefined): ChildShard[] | undefined {
	return response?.ChildShards?.map((child) => ({
		shardId: child.ShardId ?? '',
		parentShardIds: child.ParentShards ?? [],
	}));
}
