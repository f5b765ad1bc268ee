import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {describeError, type ErrorContext} from '../kinesis/errors.js';
import type {CopyProgress} from '../model/copy-progress.js';
import type {StartingPosition} from '../model/positions.js';
import type {FilterTerm} from '../model/record-filter.js';
import type {UserRecord} from '../model/records.js';
import type {BulkResult} from '../model/send-queue.js';
import {copyProgressLine, copySummary} from '../format/copy-text.js';
import {formatCount} from '../format/progress-text.js';
import {sanitizeLine} from '../format/sanitize.js';
import {copyStream, CopyTargetError} from '../services/copy/stream-copy.js';
import {TailTargetError} from '../services/tail/tailer.js';

type Output = NodeJS.WritableStream & {isTTY?: boolean};

export type CopyCommandOptions = {
	client: KinesisClient;
	source: string;
	target: string;
	position: StartingPosition;
	until: Date;
	filter: readonly FilterTerm[];
	ordered: boolean;
	stdout: Output;
	stderr: Output;
	/** Aborted by ctrl+c: what was sent stays sent, the summary says how far it got. */
	signal: AbortSignal;
	errorContext: ErrorContext;
};

/** Failed records listed on stderr after the summary. */
const LISTED_FAILURES = 20;

/**
 * `copy`: a window of the source replayed into the target. Progress on stderr, the summary on stdout.
 * Resolves with the exit code: 0 all in, 1 a record or the service failed, 2 an unknown target
 * (nothing read), 130 stopped by ctrl+c.
 */
export async function runCopy(options: CopyCommandOptions): Promise<number> {
	const {client, source, target, stdout, stderr, signal} = options;
	const readByShard = new Map<string, number>();
	const landedByShard = new Map<string, number>();
	const progress: CopyProgress = {
		read: 0,
		kept: 0,
		filtered: options.filter.length > 0,
		landed: 0,
		failed: 0,
		retried: 0,
		resentAfterTimeout: 0,
		startedAt: Date.now(),
		readByShard,
		landedByShard,
	};
	const failures: Array<{origin: UserRecord; error: string}> = [];
	const live = Boolean(stderr.isTTY);
	const draw = (final: boolean) => {
		const line = `copy: ${copyProgressLine(progress, Date.now())}`;
		stderr.write(live ? `\r${line}\u001B[K${final ? '\n' : ''}` : `${line}\n`);
	};
	/** Drawn from the first record read on: a target refused before reading is one line. */
	let timer: NodeJS.Timeout | undefined;
	const onResult = (result: BulkResult, origin: UserRecord) => {
		if (result.resentAfterTimeout) {
			progress.resentAfterTimeout++;
		}
		if (result.ok) {
			progress.landed++;
			landedByShard.set(result.shardId, (landedByShard.get(result.shardId) ?? 0) + 1);
			return;
		}
		progress.failed++;
		if (failures.length < LISTED_FAILURES) {
			failures.push({origin, error: result.error});
		}
	};
	let outcome;
	try {
		outcome = await copyStream(client, {
			source,
			target,
			position: options.position,
			until: options.until,
			filter: options.filter,
			ordered: options.ordered,
			signal,
			errorContext: options.errorContext,
			onRead(record, kept) {
				// On a terminal the line is redrawn in place; in a log, a line a second is plenty.
				timer ??= setInterval(() => draw(false), live ? 100 : 1000);
				progress.read++;
				readByShard.set(record.shardId, (readByShard.get(record.shardId) ?? 0) + 1);
				if (kept) {
					progress.kept++;
				}
			},
			onResult,
			onRetry(count) {
				progress.retried += count;
			},
			onNotice(message) {
				stderr.write(`${live && timer ? '\r\u001B[K' : ''}kinesis-explorer: ${message}\n`);
			},
		});
	} catch (error) {
		clearInterval(timer);
		if (timer) {
			draw(true);
		}
		if (error instanceof CopyTargetError) {
			stderr.write(`kinesis-explorer: ${error.message}\n`);
			return 2;
		}
		if (timer) {
			stdout.write(summaryText(options, progress, false));
		}
		stderr.write(
			`kinesis-explorer: ${describeError(error, {...options.errorContext, stream: target})}\n`,
		);
		return 1;
	}
	clearInterval(timer);
	// A sequence number no shard of the source holds: bad input, found before anything was read.
	if (outcome.readError instanceof TailTargetError) {
		stderr.write(`kinesis-explorer: ${outcome.readError.message}\n`);
		return 2;
	}
	draw(true);
	stdout.write(summaryText(options, progress, outcome.stopped));
	if (failures.length > 0) {
		const more = progress.failed - failures.length;
		stderr.write(
			`${formatCount(progress.failed)} ${progress.failed === 1 ? 'record' : 'records'} failed:\n${failures
				.map(
					({origin, error}) =>
						`  ${sanitizeLine(origin.shardId)} ${origin.sequenceNumber}${origin.subSequenceNumber === undefined ? '' : `/${origin.subSequenceNumber}`}: ${sanitizeLine(error)}\n`,
				)
				.join('')}${more > 0 ? `  … and ${formatCount(more)} more\n` : ''}`,
		);
	}
	if (outcome.readError !== undefined) {
		stderr.write(
			`kinesis-explorer: ${describeError(outcome.readError, {...options.errorContext, stream: source})}\n`,
		);
		return 1;
	}
	if (outcome.stopped) {
		return 130;
	}
	return progress.failed > 0 ? 1 : 0;
}

function summaryText(
	options: CopyCommandOptions,
	progress: CopyProgress,
	stopped: boolean,
): string {
	return copySummary(progress, options, Date.now(), stopped)
		.map((line) => `${line}\n`)
		.join('');
}
