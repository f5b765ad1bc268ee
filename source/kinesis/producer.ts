import {type KinesisClient, PutRecordCommand, PutRecordsCommand} from '@aws-sdk/client-kinesis';
import {send} from './deadlines.js';
import {describeError, isThrottle, isTimeout} from './errors.js';
import {backoffDelay, sleep} from '../lib/rate-limiter.js';
import {redactSentSecrets} from './sent-secrets.js';
import {type OutgoingRecord, recordBytes} from '../model/record-limits.js';
import {admit, emptyRoom} from '../model/request-room.js';

export type {OutgoingRecord} from '../model/record-limits.js';

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
	const response = await send(
		client,
		new PutRecordsCommand({
			StreamName: stream,
			Records: records.map((record) => ({
				PartitionKey: record.partitionKey,
				Data: record.data,
				ExplicitHashKey: record.explicitHashKey,
			})),
		}),
		signal,
	);
	// An entry's error is the server's text, shown as it is: a session token it quotes goes first.
	return (response.Records ?? []).map((entry) =>
		entry.ErrorCode
			? {
					ok: false,
					errorCode: redactSentSecrets(entry.ErrorCode),
					errorMessage: redactSentSecrets(entry.ErrorMessage ?? ''),
				}
			: {ok: true, shardId: entry.ShardId ?? '', sequenceNumber: entry.SequenceNumber ?? ''},
	);
}

export type SingleRecord = OutgoingRecord & {
	/** The record goes after the one with this sequence number (same partition key), whatever the timing. */
	sequenceNumberForOrdering?: string;
};

/** One PutRecord call: where the record landed. Errors are the service's, for the caller to show. */
export async function putRecord(
	client: KinesisClient,
	stream: string,
	record: SingleRecord,
	signal?: AbortSignal,
): Promise<{shardId: string; sequenceNumber: string}> {
	const response = await send(
		client,
		new PutRecordCommand({
			StreamName: stream,
			PartitionKey: record.partitionKey,
			Data: record.data,
			ExplicitHashKey: record.explicitHashKey,
			SequenceNumberForOrdering: record.sequenceNumberForOrdering,
		}),
		signal,
	);
	return {shardId: response.ShardId ?? '', sequenceNumber: response.SequenceNumber ?? ''};
}

export type SingleResult = (
	{ok: true; shardId: string; sequenceNumber: string} | {ok: false; error: unknown}
) & {
	attempts: number;
	/**
	 * A call of it ran out of time and it was sent again: that call may have stored it too, so it may
	 * be in the stream twice (or, if it failed in the end, once).
	 */
	resentAfterTimeout: boolean;
};

export type SingleOptions = {
	signal?: AbortSignal;
	maxAttempts?: number;
	backoff?: {baseMs: number; maxMs: number};
	/** A failure that will be retried at `retryAt`. */
	onRetry?: (error: unknown, retryAt: number) => void;
};

/**
 * One record by PutRecord, sent again while the failure may pass (throttling, a 5xx, a dropped
 * connection, a call past its deadline) up to `maxAttempts` calls. It does not reject: the last
 * failure is the result's error. A record is never given up for fear of a repeat: after a timeout it
 * is sent again, at least once in the stream.
 */
export async function putRecordRetrying(
	client: KinesisClient,
	stream: string,
	record: SingleRecord,
	{signal, maxAttempts = 5, backoff = {baseMs: 200, maxMs: 5000}, onRetry}: SingleOptions = {},
): Promise<SingleResult> {
	let resentAfterTimeout = false;
	let timedOut = false;
	for (let attempts = 1; ; attempts++) {
		resentAfterTimeout ||= timedOut;
		try {
			const landed = await putRecord(client, stream, record, signal);
			return {ok: true, ...landed, attempts, resentAfterTimeout};
		} catch (error) {
			timedOut = isTimeout(error);
			if (signal?.aborted || !isTransient(error) || attempts >= maxAttempts) {
				return {ok: false, error, attempts, resentAfterTimeout};
			}
			const wait = backoffDelay(attempts - 1, backoff);
			onRetry?.(error, Date.now() + wait);
			try {
				await sleep(wait, signal);
			} catch {
				return {ok: false, error, attempts, resentAfterTimeout};
			}
		}
	}
}

/** A record of a bulk send; `line` names it in results (the line of the file it came from). */
export type BulkRecord = OutgoingRecord & {line?: number};

export type BulkResult = (
	| {record: BulkRecord; ok: true; shardId: string; sequenceNumber: string}
	| {record: BulkRecord; ok: false; error: string}
) & {
	attempts: number;
	/** Sent again after a call holding it ran out of time, which may have stored it too. */
	resentAfterTimeout: boolean;
};

export type PutManyOptions = {
	/** PutRecords calls in flight at once. */
	concurrency?: number;
	/** Keep the order of the records of each partition key (see putMany). */
	ordered?: boolean;
	/** Calls a record may take before a retryable failure becomes its final error. */
	maxAttempts?: number;
	backoff?: {baseMs: number; maxMs: number};
	signal?: AbortSignal;
	/** Each record once, as soon as it is in the stream or has its final error. */
	onResult?: (result: BulkResult) => void;
	/** Entries that failed and will be sent again. */
	onRetry?: (count: number) => void;
};

export type PutManySummary = {
	landed: number;
	failed: number;
	retried: number;
	/** Records (landed or failed) sent again after a call holding them ran out of time. */
	resentAfterTimeout: number;
	stopped: boolean;
};

/** Entry errors that say "not now": the entry is sent again. Others (KMS access, …) are final. */
const RETRYABLE_ENTRY_ERRORS = new Set([
	'ProvisionedThroughputExceededException',
	'InternalFailure',
	'KMSThrottlingException',
]);

const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']);

/** A failure of a whole call that another try may not meet: throttling, a 5xx, a dropped connection. */
export function isTransient(error: unknown): boolean {
	if (isThrottle(error)) {
		return true;
	}
	if (typeof error !== 'object' || error === null) {
		return false;
	}
	const {$fault, $metadata, code, name, message} = error as {
		$fault?: string;
		$metadata?: {httpStatusCode?: number};
		code?: string;
		name?: string;
		message?: string;
	};
	return (
		$fault === 'server' ||
		($metadata?.httpStatusCode ?? 0) >= 500 ||
		TRANSIENT_NETWORK.has(code ?? '') ||
		name === 'TimeoutError' ||
		message === 'socket hang up'
	);
}

/** The service refused the request's content (a record too large for the stream, say). */
function isRefusedContent(error: unknown): boolean {
	const name = error instanceof Error ? error.name : '';
	return name === 'InvalidArgumentException' || name === 'ValidationException';
}

type Entry = {
	record: BulkRecord;
	size: number;
	attempts: number;
	readyAt: number;
	/** Sent in a request of its own (after a request holding it was refused as a whole). */
	alone: boolean;
	/** A call holding it ran out of time: that call may have stored it. */
	timedOut: boolean;
	/** It was sent again after that. */
	resentAfterTimeout: boolean;
};

/** In ordered mode, how many records may wait behind the ones in flight before reading pauses. */
const MAX_BUFFERED = 20_000;

/**
 * Puts every record of `records` (read as they are needed, so the source may be larger than memory)
 * with PutRecords: requests filled up to the limits, `concurrency` of them in flight, the entries
 * that failed sent again with backoff until each record is in or has a final error, reported once
 * through `onResult`. A call that fails as a whole is retried when the failure is transient; when the
 * service refuses its content, its records are sent one a request so the culprit alone fails. Any
 * other failure (the stream does not exist, access denied) ends the run: in-flight calls are
 * reported, and the error is thrown.
 *
 * PutRecords does not keep order: an entry that fails and is sent again lands after the ones behind
 * it. `ordered` keeps the order of each partition key: a key has one record in flight at a time and
 * the next one waits until it is in (or has failed for good); different keys still share requests.
 */
export async function putMany(
	client: KinesisClient,
	stream: string,
	records: AsyncIterable<BulkRecord> | Iterable<BulkRecord>,
	options: PutManyOptions = {},
): Promise<PutManySummary> {
	const {
		concurrency = 4,
		ordered = false,
		maxAttempts = 15,
		backoff = {baseMs: 100, maxMs: 5000},
		signal,
		onResult,
		onRetry,
	} = options;
	const source =
		Symbol.asyncIterator in records
			? records[Symbol.asyncIterator]()
			: (records as Iterable<BulkRecord>)[Symbol.iterator]();
	const summary: PutManySummary = {
		landed: 0,
		failed: 0,
		retried: 0,
		resentAfterTimeout: 0,
		stopped: false,
	};
	let sourceDone = false;
	/** Sendable now: records released from behind their key, and records sent alone after a refusal. */
	const ready: Entry[] = [];
	/** Waiting out their backoff. */
	const waiting: Entry[] = [];
	/** A record that did not fit the last request: it opens the next one. */
	let carried: Entry | undefined;
	/** Ordered mode: per partition key, the records behind the one in flight or waiting. */
	const behind = new Map<string, Entry[]>();
	let buffered = 0;
	let inFlight = 0;
	let fatal: {error: unknown} | undefined;
	let wake: () => void = () => undefined;
	const aborted =
		signal &&
		new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), {once: true}));

	const settle = (entry: Entry, result: BulkResult) => {
		buffered--;
		if (result.resentAfterTimeout) {
			summary.resentAfterTimeout++;
		}
		if (result.ok) {
			summary.landed++;
		} else {
			summary.failed++;
		}
		onResult?.(result);
		if (ordered) {
			const queue = behind.get(entry.record.partitionKey);
			const next = queue?.shift();
			if (next) {
				ready.push(next);
			} else {
				behind.delete(entry.record.partitionKey);
			}
		}
	};

	const retryOrFail = (entry: Entry, reason: string, retryable: boolean) => {
		if (retryable && entry.attempts < maxAttempts) {
			entry.readyAt = Date.now() + backoffDelay(entry.attempts - 1, backoff);
			waiting.push(entry);
			summary.retried++;
			onRetry?.(1);
			return;
		}
		const tries = entry.attempts > 1 ? ` (after ${entry.attempts} attempts)` : '';
		settle(entry, {
			record: entry.record,
			ok: false,
			error: `${reason}${tries}`,
			attempts: entry.attempts,
			resentAfterTimeout: entry.resentAfterTimeout,
		});
	};

	/** The next record that may be sent now, reading the source as far as needed. */
	const nextSendable = async (): Promise<Entry | undefined> => {
		const now = Date.now();
		for (let index = 0; index < waiting.length; index++) {
			const entry = waiting[index] as Entry;
			if (entry.readyAt <= now) {
				waiting.splice(index, 1);
				return entry;
			}
		}
		const released = ready.shift();
		if (released) {
			return released;
		}
		while (!sourceDone && buffered < MAX_BUFFERED) {
			const next = await source.next();
			if (next.done) {
				sourceDone = true;
				return undefined;
			}
			const record = next.value;
			const entry: Entry = {
				record,
				size: recordBytes(record),
				attempts: 0,
				readyAt: 0,
				alone: false,
				timedOut: false,
				resentAfterTimeout: false,
			};
			buffered++;
			if (!ordered) {
				return entry;
			}
			const queue = behind.get(record.partitionKey);
			if (queue) {
				queue.push(entry);
			} else {
				behind.set(record.partitionKey, []);
				return entry;
			}
		}
		return undefined;
	};

	const nextRequest = async (): Promise<Entry[]> => {
		const batch: Entry[] = [];
		let room = emptyRoom;
		for (;;) {
			const entry = carried ?? (await nextSendable());
			carried = undefined;
			if (!entry) {
				return batch;
			}
			const admitted = entry.alone && batch.length > 0 ? undefined : admit(room, entry.size);
			if (!admitted) {
				carried = entry;
				return batch;
			}
			room = entry.alone ? {...admitted, sealed: true} : admitted;
			batch.push(entry);
		}
	};

	const send = async (batch: Entry[]) => {
		for (const entry of batch) {
			entry.attempts++;
			entry.resentAfterTimeout ||= entry.timedOut;
		}
		let outcomes: PutOutcome[];
		try {
			outcomes = await putRecordBatch(
				client,
				stream,
				batch.map((entry) => entry.record),
				signal,
			);
		} catch (error) {
			if (signal?.aborted) {
				return;
			}
			const reason = describeError(error, {stream});
			if (isTransient(error)) {
				for (const entry of batch) {
					entry.timedOut ||= isTimeout(error);
					retryOrFail(entry, reason, true);
				}
			} else if (isRefusedContent(error) && batch.length > 1) {
				for (const entry of batch) {
					entry.alone = true;
					entry.attempts--;
				}
				ready.unshift(...batch);
			} else if (isRefusedContent(error)) {
				retryOrFail(batch[0] as Entry, reason, false);
			} else {
				fatal ??= {error};
			}
			return;
		}
		if (outcomes.length !== batch.length) {
			fatal ??= {
				error: new Error(
					`PutRecords answered ${outcomes.length} entries for ${batch.length} records.`,
				),
			};
			return;
		}
		outcomes.forEach((outcome, index) => {
			const entry = batch[index] as Entry;
			if (outcome.ok) {
				settle(entry, {
					record: entry.record,
					ok: true,
					shardId: outcome.shardId,
					sequenceNumber: outcome.sequenceNumber,
					attempts: entry.attempts,
					resentAfterTimeout: entry.resentAfterTimeout,
				});
			} else {
				retryOrFail(
					entry,
					`${outcome.errorCode}: ${outcome.errorMessage}`,
					RETRYABLE_ENTRY_ERRORS.has(outcome.errorCode),
				);
			}
		});
	};

	const pause = async () => {
		const woken = new Promise<void>((resolve) => {
			wake = resolve;
		});
		const nextRetry = Math.min(...waiting.map((entry) => entry.readyAt));
		const timer = new AbortController();
		const waits: Array<Promise<unknown>> = [woken];
		if (Number.isFinite(nextRetry)) {
			waits.push(sleep(Math.max(0, nextRetry - Date.now()), timer.signal).catch(() => undefined));
		}
		if (aborted) {
			waits.push(aborted);
		}
		await Promise.race(waits);
		timer.abort();
	};

	const running = new Set<Promise<void>>();
	try {
		for (;;) {
			while (inFlight < concurrency && !fatal && !signal?.aborted) {
				const batch = await nextRequest();
				if (batch.length === 0) {
					break;
				}
				inFlight++;
				const call = send(batch).finally(() => {
					inFlight--;
					running.delete(call);
					wake();
				});
				running.add(call);
			}
			const idle = inFlight === 0 && waiting.length === 0 && ready.length === 0 && !carried;
			if (fatal || signal?.aborted || (idle && sourceDone)) {
				break;
			}
			await pause();
		}
		await Promise.all(running);
	} finally {
		await source.return?.();
	}
	if (fatal) {
		throw fatal.error;
	}
	summary.stopped = Boolean(signal?.aborted) && (buffered > 0 || !sourceDone);
	return summary;
}
