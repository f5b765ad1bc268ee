import {type KinesisClient, PutRecordCommand, PutRecordsCommand} from '@aws-sdk/client-kinesis';
import {send} from './deadlines.js';
import {isTimeout, isTransient} from './errors.js';
import {backoffDelay, sleep} from '../lib/rate-limiter.js';
import {redactSentSecrets} from './sent-secrets.js';
import type {OutgoingRecord} from '../model/record-limits.js';

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
