import type {BulkProgress} from '../../model/bulk-progress.js';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {putMany} from '../../kinesis/put-many.js';
import type {BulkRecord, BulkResult} from '../../model/send-queue.js';
import {readRecordFile, type RecordFileOptions} from './record-file.js';

/**
 * Sending a file takes two readings of it: the first checks every line and sends nothing, so that a
 * bad line is found before any record is in the stream; the second sends. Neither holds the file in
 * memory.
 */

export type LineProblem = {line: number; error: string};

export type FileCheck = {
	/** Records that can be sent. */
	records: number;
	invalidCount: number;
	/** The first bad lines (a file of a million bad lines keeps only these). */
	invalid: LineProblem[];
	/** The file cannot be read past this line: nothing of it can be sent. */
	broken?: LineProblem;
};

const KEPT_PROBLEMS = 100;

export async function checkRecordFile(
	path: string,
	options: RecordFileOptions,
): Promise<FileCheck> {
	const check: FileCheck = {records: 0, invalidCount: 0, invalid: []};
	for await (const item of readRecordFile(path, options)) {
		if ('record' in item) {
			check.records++;
			continue;
		}
		if (item.fatal) {
			check.broken = {line: item.line, error: item.error};
			break;
		}
		check.invalidCount++;
		if (check.invalid.length < KEPT_PROBLEMS) {
			check.invalid.push({line: item.line, error: item.error});
		}
	}
	return check;
}

/** Counts a bulk send as it goes; the screen or stderr reads `snapshot()` at its own pace. */
export type ProgressTracker = {
	result(result: BulkResult): void;
	retry(count: number): void;
	snapshot(): BulkProgress;
};

export function createProgress(total: number, now: () => number = Date.now): ProgressTracker {
	const startedAt = now();
	let landed = 0;
	let failed = 0;
	let retried = 0;
	let resentAfterTimeout = 0;
	const byShard = new Map<string, number>();
	return {
		result(result) {
			if (result.resentAfterTimeout) {
				resentAfterTimeout++;
			}
			if (result.ok) {
				landed++;
				byShard.set(result.shardId, (byShard.get(result.shardId) ?? 0) + 1);
			} else {
				failed++;
			}
		},
		retry(count) {
			retried += count;
		},
		snapshot: () => ({
			total,
			landed,
			failed,
			retried,
			resentAfterTimeout,
			startedAt,
			byShard: new Map(byShard),
		}),
	};
}

export type SendFileOptions = RecordFileOptions & {
	progress: ProgressTracker;
	ordered?: boolean;
	concurrency?: number;
	onResult?: (result: BulkResult) => void;
	/** A bad line met while sending (skipped: the check already found it, or the file changed since). */
	onInvalid?: (problem: LineProblem) => void;
};

/** Sends every good record of the file; resolves with whether it was stopped before the end. */
export async function sendRecordFile(
	client: KinesisClient,
	stream: string,
	path: string,
	options: SendFileOptions,
): Promise<{stopped: boolean}> {
	const {progress, onResult, onInvalid, signal} = options;
	let broken: LineProblem | undefined;
	async function* goodRecords(): AsyncGenerator<BulkRecord> {
		for await (const item of readRecordFile(path, options)) {
			if ('record' in item) {
				yield {...item.record, line: item.line};
			} else if (item.fatal) {
				broken = {line: item.line, error: item.error};
				return;
			} else {
				onInvalid?.({line: item.line, error: item.error});
			}
		}
	}
	const summary = await putMany(client, stream, goodRecords(), {
		ordered: options.ordered,
		concurrency: options.concurrency,
		signal,
		onResult(result) {
			progress.result(result);
			onResult?.(result);
		},
		onRetry: (count) => progress.retry(count),
	});
	if (broken) {
		throw new Error(`Line ${broken.line}: ${broken.error} The rest of the file was not sent.`);
	}
	return {stopped: summary.stopped};
}
