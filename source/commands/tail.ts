import type {KinesisClient} from '@aws-sdk/client-kinesis';
import type {ErrorContext} from '../kinesis/errors.js';
import {decodePayload} from '../model/payload.js';
import {ndjsonLine} from '../format/ndjson.js';
import {previewLine} from '../format/preview.js';
import {sanitizeLine} from '../format/sanitize.js';
import type {UserRecord} from '../model/records.js';
import {filterOf, type FilterTerm, recordSubject} from '../model/record-filter.js';
import {type ShardStatus, startTailer, type TailTarget} from '../services/tail/tailer.js';
import {createTimeOrder, passedOverNotice} from '../services/tail/time-order.js';

export type TailCommandOptions = {
	client: KinesisClient;
	target: TailTarget;
	json: boolean;
	/** The terms of --grep and --where: only the records that meet all of them are written. */
	filter?: readonly FilterTerm[];
	/** Stop after this many records written (sub-records of aggregates count one by one). */
	max?: number;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	/** Resolves when the user stops the tail (ctrl+c, SIGTERM). */
	stopped: Promise<void>;
	errorContext?: ErrorContext;
};

/** Lines are written out in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

/** A human line is cut here: the whole record is one `--json` away. */
const HUMAN_DATA_CHARS = 2000;

/**
 * At most this much is read and held back for a shard behind the others; a shard read ahead of them
 * waits. A few full GetRecords answers: the shards read in parallel rather than one at a time.
 */
const HOLD_BOUND = {records: 40_000, bytes: 64 * 1024 * 1024};

/** How often records held for a shard that has gone quiet are looked at again. */
const RELOOK_MS = 1000;

/**
 * The tail for scripts: records on stdout (NDJSON with --json, else a line each), everything else on
 * stderr. The records of several shards come in the order they arrived, as in the explorer (a record
 * waits until every shard is read as far in time), each shard's in its own order. It ends with --max
 * records, at the end of its window (--until), when stopped, or quietly when stdout is closed
 * (`| head`).
 */
export async function runTail(options: TailCommandOptions): Promise<void> {
	const {target, stdout, stderr, max} = options;
	const keeps = filterOf(options.filter ?? []);
	let written = 0;
	let finish: () => void = () => undefined;
	const finished = new Promise<void>((resolve) => {
		finish = resolve;
	});
	let closed = false;
	const onStdoutError = (error: NodeJS.ErrnoException) => {
		// The reader went away (`| head`): the tail has no one to write for, and that is not a failure.
		if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
			closed = true;
			finish();
			return;
		}
		throw error;
	};
	stdout.on('error', onStdoutError);

	/**
	 * One write per chunk of lines, not per record: a write per record cost more than reading the
	 * records did. A slow reader still holds the tail back instead of piling records up in memory.
	 */
	const writeOut = async (text: string) => {
		if (stdout.write(text)) {
			return;
		}
		await new Promise<void>((resolve) => {
			const go = () => {
				stdout.off('drain', go);
				stdout.off('close', go);
				resolve();
			};
			stdout.once('drain', go);
			stdout.once('close', go);
		});
	};

	const writeRecords = async (records: readonly UserRecord[]) => {
		let chunk = '';
		for (const record of records) {
			if (closed || (max !== undefined && written >= max)) {
				break;
			}
			if (keeps && !keeps(recordSubject(record))) {
				continue;
			}
			if (record.warning) {
				stderr.write(
					`kinesis-explorer: ${sanitizeLine(record.shardId)} ${record.sequenceNumber}: ${record.warning}\n`,
				);
			}
			chunk += options.json ? ndjsonLine(target.stream, record) : humanLine(record);
			written++;
			if (chunk.length >= CHUNK_CHARS) {
				await writeOut(chunk);
				chunk = '';
			}
		}
		if (chunk && !closed) {
			await writeOut(chunk);
		}
		if (max !== undefined && written >= max) {
			finish();
		}
	};

	const order = createTimeOrder<UserRecord>({
		arrivalOf: (record) => record.approximateArrivalTimestamp.getTime(),
		sizeOf: (record) => record.data.length,
		bound: HOLD_BOUND,
	});
	/** The writes, one after the other: records released by different shards' calls stay in order. */
	let writing = Promise.resolve();
	const release = () => {
		const {records, passedOver} = order.release(Date.now());
		for (const shardId of passedOver) {
			stderr.write(`kinesis-explorer: ${passedOverNotice(shardId)}\n`);
		}
		if (records.length > 0) {
			writing = writing.then(() => writeRecords(records));
		}
		return writing;
	};

	const problems = new Map<string, string | undefined>();
	const tailer = startTailer(
		options.client,
		target,
		{
			async onRecords(records: UserRecord[]) {
				const shardId = records[0]?.shardId;
				if (shardId === undefined) {
					return;
				}
				order.add(shardId, records, Date.now());
				// A slow reader of stdout holds every shard back, and a shard read ahead of the others
				// waits for them once the holding is full.
				await release();
				await order.room(shardId);
			},
			onShards(shards) {
				order.progress(shards, Date.now());
				reportProblems(shards, problems, stderr);
				void release();
			},
			onNotice(message) {
				stderr.write(`kinesis-explorer: ${message}\n`);
			},
		},
		{errorContext: options.errorContext},
	);
	const relook = setInterval(() => {
		if (order.held > 0) {
			void release();
		}
	}, RELOOK_MS);
	try {
		await Promise.race([tailer.done, finished, options.stopped]);
	} finally {
		tailer.stop();
		clearInterval(relook);
		order.stop();
		// What was read and held back for a slower shard is written before the end, in order: a window
		// read to its end holds nothing back any more, and a stopped tail waits for nothing.
		const held = order.drain();
		writing = writing.then(() => writeRecords(held));
		await writing;
	}
	if (!closed) {
		await new Promise<void>((resolve) => stdout.write('', () => resolve()));
	}
	stdout.off('error', onStdoutError);
}

function humanLine(record: UserRecord): string {
	const sub = record.subSequenceNumber === undefined ? '' : `/${record.subSequenceNumber}`;
	return `${[
		record.approximateArrivalTimestamp.toISOString(),
		sanitizeLine(record.shardId),
		`${record.sequenceNumber}${sub}`,
		sanitizeLine(record.partitionKey),
		previewLine(decodePayload(record.data), HUMAN_DATA_CHARS),
	].join('  ')}\n`;
}

/** A shard's trouble is told once when it starts (or changes), not on every retry. */
function reportProblems(
	shards: ReadonlyMap<string, ShardStatus>,
	seen: Map<string, string | undefined>,
	stderr: NodeJS.WritableStream,
) {
	for (const [shardId, status] of shards) {
		const problem =
			status.state === 'throttled' || status.state === 'retrying' ? status.problem : undefined;
		if (problem !== seen.get(shardId)) {
			seen.set(shardId, problem);
			if (problem) {
				stderr.write(`kinesis-explorer: ${sanitizeLine(shardId)}: ${problem} Retrying.\n`);
			}
		}
	}
}
