import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {type ErrorContext, isNotFound} from '../../kinesis/errors.js';
import {putMany} from '../../kinesis/put-many.js';
import {describeStreamSummary} from '../../kinesis/streams.js';
import {createHandoffQueue} from '../../lib/handoff-queue.js';
import type {PollTiming} from '../../model/poll-timing.js';
import type {StartingPosition} from '../../model/positions.js';
import {filterOf, type FilterTerm, recordSubject} from '../../model/record-filter.js';
import type {UserRecord} from '../../model/records.js';
import type {BulkRecord, BulkResult} from '../../model/send-queue.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {startTailer} from '../tail/tailer.js';

/**
 * A window of one stream replayed into another: read as the tail reads (every shard, parents before
 * children, each record once), filtered, and put with PutRecords as `put --file` puts a file (full
 * requests, the failed entries sent again), each record with its partition key and explicit hash
 * key. Reading is held back while the records read wait to be sent.
 */

/** The target cannot take the copy: it does not exist. Nothing was read. */
export class CopyTargetError extends Error {
	override name = 'CopyTargetError';
}

export type CopyRequest = {
	source: string;
	target: string;
	position: StartingPosition;
	/** The window's end: every shard is read up to it. */
	until: Date;
	filter?: readonly FilterTerm[];
	/** Keep the order of each partition key in the target (one record of a key in flight at a time). */
	ordered?: boolean;
	signal?: AbortSignal;
	errorContext?: ErrorContext;
	timing?: PollTiming;
	/** Each record read from the source, kept by the filter or not. */
	onRead?: (record: UserRecord, kept: boolean) => void;
	/** Each record kept, once: in the target, or failed for good; `origin` is the record read. */
	onResult?: (result: BulkResult, origin: UserRecord) => void;
	/** Entries that failed and go again. */
	onRetry?: (count: number) => void;
	/** Things worth telling: a shard closed and its children taken up, a retry of a listing. */
	onNotice?: (message: string) => void;
};

export type CopyOutcome = {
	/** Ctrl+c came before every record read was in the target or the window was read. */
	stopped: boolean;
	/** Why the source could not be read to the window's end (what was read is still sent). */
	readError?: unknown;
};

/** Records read and waiting to be sent before reading waits: a GetRecords answer holds up to 10,000. */
const WAITING_RECORDS = 10_000;

export async function copyStream(
	client: KinesisClient,
	request: CopyRequest,
): Promise<CopyOutcome> {
	const {source, target, signal} = request;
	try {
		await describeStreamSummary(client, target, signal);
	} catch (error) {
		if (isNotFound(error)) {
			throw new CopyTargetError(
				`The target stream "${sanitizeLine(target)}" was not found: nothing was read or sent. Create it first.`,
			);
		}
		throw error;
	}
	const keeps = filterOf(request.filter ?? []);
	const waiting = createHandoffQueue<BulkRecord>(WAITING_RECORDS);
	/** Each record sent, to the record it was read as: results name where they came from. */
	const origins = new WeakMap<BulkRecord, UserRecord>();
	const tailer = startTailer(
		client,
		{stream: source, position: request.position, until: request.until},
		{
			async onRecords(records) {
				const kept: BulkRecord[] = [];
				for (const record of records) {
					const keep = !keeps || keeps(recordSubject(record));
					request.onRead?.(record, keep);
					if (keep) {
						const outgoing: BulkRecord = {partitionKey: record.partitionKey, data: record.data};
						if (record.explicitHashKey !== undefined) {
							outgoing.explicitHashKey = record.explicitHashKey;
						}
						origins.set(outgoing, record);
						kept.push(outgoing);
					}
				}
				if (kept.length > 0) {
					await waiting.push(kept);
				}
			},
			onNotice: request.onNotice,
		},
		{timing: request.timing, errorContext: request.errorContext},
	);
	let readError: unknown;
	// Read to the window's end, or until reading fails: what was read is sent all the same.
	const read = tailer.done.then(
		() => waiting.close(),
		(error: unknown) => {
			readError = error;
			waiting.close();
		},
	);
	const stop = () => {
		tailer.stop();
		waiting.close();
	};
	signal?.addEventListener('abort', stop, {once: true});
	try {
		const summary = await putMany(client, target, waiting, {
			ordered: request.ordered,
			signal,
			onResult(result) {
				request.onResult?.(result, origins.get(result.record) as UserRecord);
			},
			onRetry: request.onRetry,
		});
		await read;
		return {stopped: summary.stopped || Boolean(signal?.aborted), readError};
	} finally {
		signal?.removeEventListener('abort', stop);
		// The target failed for good: there is no one to read for.
		stop();
	}
}
