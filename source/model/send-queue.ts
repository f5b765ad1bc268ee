import {backoffDelay} from '../lib/rate-limiter.js';
import {type OutgoingRecord, recordBytes} from './record-limits.js';

/**
 * Which records of a bulk send go next, without I/O: the records read and not yet in the stream,
 * the failed ones waiting out their backoff, and in ordered mode the ones waiting behind their
 * partition key. Whoever sends says what became of each record; the queue says whether it goes
 * again, and when, or what its result is.
 *
 * PutRecords does not keep order: an entry that fails and is sent again lands after the ones behind
 * it. Ordered mode keeps the order of each partition key: a key has one record out (in flight or
 * waiting to be sent again) at a time, and the next one is released only once it is in or has
 * failed for good.
 */

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

export type QueuedRecord = {
	record: BulkRecord;
	/** What Kinesis counts against a request's limits. */
	size: number;
	/** Calls that have held it. */
	attempts: number;
	/** When its backoff is over (ms since the epoch). */
	readyAt: number;
	/** Sent in a request of its own (after a request holding it was refused as a whole). */
	alone: boolean;
	/** A call holding it ran out of time: that call may have stored it. */
	timedOut: boolean;
	/** It was sent again after that. */
	resentAfterTimeout: boolean;
};

export type SendQueueOptions = {
	ordered: boolean;
	/** Calls a record may take before a retryable failure becomes its final error. */
	maxAttempts: number;
	backoff: {baseMs: number; maxMs: number; random?: () => number};
};

export type SendQueue = {
	/** Whether the queue takes another record from the source. */
	hasRoom(): boolean;
	/** A record read from the source: returned if it may go now, else it waits behind its key. */
	add(record: BulkRecord): QueuedRecord | undefined;
	/**
	 * The next record that may go now: the one put back, then a retry whose backoff is over, then a
	 * record released from behind its key or to be sent alone.
	 */
	take(now: number): QueuedRecord | undefined;
	/** A record taken that did not fit the request being filled: it opens the next one. */
	putBack(queued: QueuedRecord): void;
	/** The records of a request about to go out. */
	sending(batch: readonly QueuedRecord[]): void;
	landed(queued: QueuedRecord, where: {shardId: string; sequenceNumber: string}): BulkResult;
	/**
	 * The record failed: its final result, or undefined when it is sent again after its backoff
	 * (while the failure may pass and attempts remain).
	 */
	failed(
		queued: QueuedRecord,
		reason: string,
		how: {retryable: boolean; timedOut?: boolean},
		now: number,
	): BulkResult | undefined;
	/**
	 * The service refused a request's content as a whole: its records go again one a request, so
	 * that only the culprit fails. A request of one record has found it: its final result.
	 */
	refused(batch: readonly QueuedRecord[], reason: string): BulkResult | undefined;
	/** When the first record waiting out its backoff may go, if any waits. */
	nextRetryAt(): number | undefined;
	/** No record waits to be sent (records in flight aside). */
	isEmpty(): boolean;
	/** Records read and without a result yet. */
	unsettled(): number;
};

/**
 * Records read and without a result before reading pauses: in ordered mode, the records of a
 * slow key would pile up behind it.
 */
const MAX_UNSETTLED = 20_000;

export function createSendQueue({ordered, maxAttempts, backoff}: SendQueueOptions): SendQueue {
	/** Records released from behind their key, and records to be sent alone after a refusal. */
	const ready: QueuedRecord[] = [];
	/** Waiting out their backoff. */
	const waiting: QueuedRecord[] = [];
	let carried: QueuedRecord | undefined;
	/** Ordered mode: for each partition key with a record out, the records behind it. */
	const behind = new Map<string, QueuedRecord[]>();
	let unsettled = 0;

	const settle = (queued: QueuedRecord, result: BulkResult): BulkResult => {
		unsettled--;
		if (ordered) {
			const key = queued.record.partitionKey;
			const next = behind.get(key)?.shift();
			if (next) {
				ready.push(next);
			} else {
				behind.delete(key);
			}
		}
		return result;
	};

	const finalError = (queued: QueuedRecord, reason: string): BulkResult => {
		const tries = queued.attempts > 1 ? ` (after ${queued.attempts} attempts)` : '';
		return settle(queued, {
			record: queued.record,
			ok: false,
			error: `${reason}${tries}`,
			attempts: queued.attempts,
			resentAfterTimeout: queued.resentAfterTimeout,
		});
	};

	return {
		hasRoom: () => unsettled < MAX_UNSETTLED,
		add(record) {
			const queued: QueuedRecord = {
				record,
				size: recordBytes(record),
				attempts: 0,
				readyAt: 0,
				alone: false,
				timedOut: false,
				resentAfterTimeout: false,
			};
			unsettled++;
			if (!ordered) {
				return queued;
			}
			const queue = behind.get(record.partitionKey);
			if (queue) {
				queue.push(queued);
				return undefined;
			}
			behind.set(record.partitionKey, []);
			return queued;
		},
		take(now) {
			if (carried) {
				const queued = carried;
				carried = undefined;
				return queued;
			}
			const due = waiting.findIndex((queued) => queued.readyAt <= now);
			if (due >= 0) {
				return waiting.splice(due, 1)[0];
			}
			return ready.shift();
		},
		putBack(queued) {
			carried = queued;
		},
		sending(batch) {
			for (const queued of batch) {
				queued.attempts++;
				queued.resentAfterTimeout ||= queued.timedOut;
			}
		},
		landed(queued, {shardId, sequenceNumber}) {
			return settle(queued, {
				record: queued.record,
				ok: true,
				shardId,
				sequenceNumber,
				attempts: queued.attempts,
				resentAfterTimeout: queued.resentAfterTimeout,
			});
		},
		failed(queued, reason, {retryable, timedOut = false}, now) {
			queued.timedOut ||= timedOut;
			if (!retryable || queued.attempts >= maxAttempts) {
				return finalError(queued, reason);
			}
			queued.readyAt = now + backoffDelay(queued.attempts - 1, backoff);
			waiting.push(queued);
			return undefined;
		},
		refused(batch, reason) {
			if (batch.length === 1) {
				return finalError(batch[0] as QueuedRecord, reason);
			}
			for (const queued of batch) {
				queued.alone = true;
				// The refusal was the request's, not the record's: it does not count as a try.
				queued.attempts--;
			}
			ready.unshift(...batch);
			return undefined;
		},
		nextRetryAt: () =>
			waiting.length === 0 ? undefined : Math.min(...waiting.map((queued) => queued.readyAt)),
		isEmpty: () => waiting.length === 0 && ready.length === 0 && carried === undefined,
		unsettled: () => unsettled,
	};
}
