import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {describeError, type ErrorContext, isAbort} from '../kinesis/errors.js';
import {capacityJson} from '../format/capacity-json.js';
import {capacityText} from '../format/capacity-text.js';
import {formatCount} from '../format/progress-text.js';
import {
	type CapacityProgress,
	CapacityWindowError,
	readCapacity,
} from '../services/capacity/capacity-read.js';

export type StatsOptions = {
	client: KinesisClient;
	stream: string;
	/** The window's start; it ends when the command starts reading. */
	since: Date;
	json: boolean;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream & {isTTY?: boolean};
	/** Aborted when the user stops the command (ctrl+c). */
	signal: AbortSignal;
	errorContext?: ErrorContext;
};

const BAR_CELLS = 20;

/**
 * Where a stream's writes went over a window, read politely from every shard: the report on stdout
 * (JSON with --json), the progress on stderr. Resolves with the exit code.
 */
export async function runStats(options: StatsOptions): Promise<number> {
	const {client, stream, since, json, stdout, stderr, signal} = options;
	const until = new Date();
	let progress: CapacityProgress = {records: 0, calls: 0, fraction: 0};
	const live = Boolean(stderr.isTTY);
	const draw = (final: boolean) => {
		const line = `stats: ${progressLine(progress)}`;
		stderr.write(live ? `\r${line}\u001B[K${final ? '\n' : ''}` : `${line}\n`);
	};
	/**
	 * Drawn from the first progress on: a window refused before any shard is read is one line. On a
	 * terminal the line is redrawn in place; in a log, a line a second is plenty.
	 */
	let timer: NodeJS.Timeout | undefined;
	let read;
	try {
		read = await readCapacity(client, stream, {
			from: since,
			until,
			signal,
			errorContext: options.errorContext,
			onProgress(next) {
				progress = next;
				timer ??= setInterval(() => draw(false), live ? 100 : 1000);
			},
			onNotice(message) {
				stderr.write(`${live ? '\r\u001B[K' : ''}kinesis-explorer: ${message}\n`);
			},
		});
	} catch (error) {
		clearInterval(timer);
		if (live && timer) {
			stderr.write('\r\u001B[K');
		}
		if (error instanceof CapacityWindowError) {
			stderr.write(`kinesis-explorer: --since: ${error.message}\n`);
			return 2;
		}
		if (isAbort(error, signal)) {
			return 130;
		}
		stderr.write(`kinesis-explorer: ${describeError(error, {...options.errorContext, stream})}\n`);
		return 1;
	}
	clearInterval(timer);
	progress = {...progress, fraction: 1};
	draw(true);
	stdout.write(
		json
			? capacityJson(stream, read.report, read.calls)
			: capacityText(stream, read.report, read.calls),
	);
	return 0;
}

function progressLine(progress: CapacityProgress): string {
	const filled = Math.round(progress.fraction * BAR_CELLS);
	return `${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)} ${Math.floor(progress.fraction * 100)}% · ${formatCount(progress.records)} records · ${formatCount(progress.calls)} GetRecords calls`;
}
