import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {describeError, isRefusedContent, isTimeout, isTransient} from './errors.js';
import {type PutOutcome, putRecordBatch} from './producer.js';
import {sleep} from '../lib/rate-limiter.js';
import {admit, emptyRoom} from '../model/request-room.js';
import {
	type BulkRecord,
	type BulkResult,
	createSendQueue,
	type QueuedRecord,
} from '../model/send-queue.js';

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

/**
 * Puts every record of `records` (read as they are needed, so the source may be larger than memory)
 * with PutRecords: requests filled up to the limits, `concurrency` of them in flight, the entries
 * that failed sent again with backoff until each record is in or has a final error, reported once
 * through `onResult`. A call that fails as a whole is retried when the failure is transient; when the
 * service refuses its content, its records are sent one a request so the culprit alone fails. Any
 * other failure (the stream does not exist, access denied) ends the run: in-flight calls are
 * reported, and the error is thrown.
 *
 * `ordered` keeps the order of each partition key (PutRecords alone does not; see the send queue);
 * different keys still share requests.
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
	const queue = createSendQueue({ordered, maxAttempts, backoff});
	const summary: PutManySummary = {
		landed: 0,
		failed: 0,
		retried: 0,
		resentAfterTimeout: 0,
		stopped: false,
	};
	let sourceDone = false;
	let inFlight = 0;
	let fatal: {error: unknown} | undefined;
	let wake: () => void = () => undefined;
	const aborted =
		signal &&
		new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), {once: true}));

	/** A record's result, or undefined when the queue sends it again. */
	const report = (result: BulkResult | undefined) => {
		if (!result) {
			summary.retried++;
			onRetry?.(1);
			return;
		}
		if (result.resentAfterTimeout) {
			summary.resentAfterTimeout++;
		}
		if (result.ok) {
			summary.landed++;
		} else {
			summary.failed++;
		}
		onResult?.(result);
	};

	/** The next record that may be sent now, reading the source as far as needed. */
	const nextSendable = async (): Promise<QueuedRecord | undefined> => {
		let queued = queue.take(Date.now());
		while (!queued && !sourceDone && queue.hasRoom()) {
			const next = await source.next();
			if (next.done) {
				sourceDone = true;
			} else {
				queued = queue.add(next.value);
			}
		}
		return queued;
	};

	const nextRequest = async (): Promise<QueuedRecord[]> => {
		const batch: QueuedRecord[] = [];
		let room = emptyRoom;
		for (;;) {
			const queued = await nextSendable();
			if (!queued) {
				return batch;
			}
			const admitted = queued.alone && batch.length > 0 ? undefined : admit(room, queued.size);
			if (!admitted) {
				queue.putBack(queued);
				return batch;
			}
			room = queued.alone ? {...admitted, sealed: true} : admitted;
			batch.push(queued);
		}
	};

	const callFailed = (batch: QueuedRecord[], error: unknown) => {
		const reason = describeError(error, {stream});
		if (isTransient(error)) {
			const how = {retryable: true, timedOut: isTimeout(error)};
			for (const queued of batch) {
				report(queue.failed(queued, reason, how, Date.now()));
			}
		} else if (isRefusedContent(error)) {
			const result = queue.refused(batch, reason);
			if (result) {
				report(result);
			}
		} else {
			fatal ??= {error};
		}
	};

	const send = async (batch: QueuedRecord[]) => {
		queue.sending(batch);
		let outcomes: PutOutcome[];
		try {
			outcomes = await putRecordBatch(
				client,
				stream,
				batch.map((queued) => queued.record),
				signal,
			);
		} catch (error) {
			if (!signal?.aborted) {
				callFailed(batch, error);
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
			const queued = batch[index] as QueuedRecord;
			report(
				outcome.ok
					? queue.landed(queued, outcome)
					: queue.failed(
							queued,
							`${outcome.errorCode}: ${outcome.errorMessage}`,
							{retryable: RETRYABLE_ENTRY_ERRORS.has(outcome.errorCode)},
							Date.now(),
						),
			);
		});
	};

	const pause = async () => {
		const woken = new Promise<void>((resolve) => {
			wake = resolve;
		});
		const nextRetry = queue.nextRetryAt();
		const timer = new AbortController();
		const waits: Array<Promise<unknown>> = [woken];
		if (nextRetry !== undefined) {
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
			const idle = inFlight === 0 && queue.isEmpty();
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
	summary.stopped = Boolean(signal?.aborted) && (queue.unsettled() > 0 || !sourceDone);
	return summary;
}
