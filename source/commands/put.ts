import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {describeError, type ErrorContext} from '../kinesis/errors.js';
import {
	checkRecordFile,
	createProgress,
	type LineProblem,
	sendRecordFile,
} from '../services/put/file-sender.js';
import {putRecordRetrying} from '../kinesis/producer.js';
import {randomPartitionKey} from '../model/record-limits.js';
import {describeFileError, type FileFormat} from '../services/put/record-file.js';
import {keySourceOf} from '../services/put/record-from-item.js';
import {spoolInput} from '../services/put/input-spool.js';
import {safeJson, sanitizeLine} from '../format/sanitize.js';
import {formatCount, progressLine, shardLines, summaryLine} from '../format/progress-text.js';

/** What to put, as the command line asks for it. */
export type PutRequest = {
	stream: string;
	/** One record's text, a file of records, or standard input read as one (`--file -`). */
	source: {kind: 'data'; data: string} | {kind: 'file'; path: string} | {kind: 'stdin'};
	partitionKey?: string;
	partitionKeyField?: string;
	/** Decimal, checked. */
	explicitHashKey?: string;
	format?: FileFormat;
	skipInvalid: boolean;
	ordered: boolean;
	json: boolean;
};

type Output = NodeJS.WritableStream & {isTTY?: boolean; columns?: number};

export type PutCommandOptions = PutRequest & {
	client: KinesisClient;
	/** What `--file -` reads. */
	stdin?: NodeJS.ReadableStream;
	stdout: Output;
	stderr: Output;
	errorContext: ErrorContext;
	/** Aborted by ctrl+c: what was sent stays sent, the summary says how far it got. */
	signal?: AbortSignal;
};

/** Bad lines listed on stderr before the rest are counted. */
const LISTED_PROBLEMS = 20;

/**
 * `put`: one record from --data, or every record of a file. Results go to stdout (one JSON object a
 * line with --json); progress, bad lines and diagnostics to stderr. Resolves with the exit code:
 * 0 all in, 1 a record or the service failed, 2 a bad file (nothing sent), 130 stopped by ctrl+c.
 */
export async function runPut(options: PutCommandOptions): Promise<number> {
	switch (options.source.kind) {
		case 'data': {
			return putData(options, options.source.data);
		}
		case 'file': {
			return putFile(options, options.source.path, sanitizeLine(options.source.path));
		}
		case 'stdin': {
			return putInput(options);
		}
	}
}

/**
 * Standard input is read to its end before anything is sent, as a file is checked whole first: a
 * pipe that never ends (a tail without --until or --max) sends nothing.
 */
async function putInput(options: PutCommandOptions): Promise<number> {
	const {stdin, stderr, signal} = options;
	if (!stdin) {
		throw new Error('put --file - was given no standard input to read.');
	}
	let spooled;
	try {
		spooled = await spoolInput(stdin, signal);
	} catch (error) {
		if (signal?.aborted) {
			stderr.write('Stopped while reading standard input: nothing was sent.\n');
			return 130;
		}
		stderr.write(`kinesis-explorer: cannot read standard input: ${describeFileError(error)}\n`);
		return 2;
	}
	try {
		return await putFile(options, spooled.path, 'stdin');
	} finally {
		await spooled.remove();
	}
}

async function putData(options: PutCommandOptions, data: string): Promise<number> {
	const {client, stream, json, stdout, stderr} = options;
	const partitionKey = options.partitionKey ?? randomPartitionKey();
	const errorContext = {...options.errorContext, stream};
	const result = await putRecordRetrying(
		client,
		stream,
		{partitionKey, data: Buffer.from(data, 'utf8'), explicitHashKey: options.explicitHashKey},
		{
			signal: options.signal,
			onRetry(error, retryAt) {
				stderr.write(
					`kinesis-explorer: ${describeError(error, errorContext)} Sending again in ${Math.ceil((retryAt - Date.now()) / 1000)} s.\n`,
				);
			},
		},
	);
	const resent = result.resentAfterTimeout ? {resentAfterTimeout: true} : {};
	if (!result.ok) {
		const message = describeError(result.error, errorContext);
		if (json) {
			stdout.write(`${safeJson({error: message, ...resent})}\n`);
		}
		stderr.write(`kinesis-explorer: ${message}${result.resentAfterTimeout ? MAYBE_IN : ''}\n`);
		return options.signal?.aborted ? 130 : 1;
	}
	const {shardId, sequenceNumber} = result;
	stdout.write(
		json
			? `${safeJson({partitionKey, shardId, sequenceNumber, ...resent})}\n`
			: `Put 1 record into ${sanitizeLine(stream)}: ${sanitizeLine(shardId)}, sequence number ${sequenceNumber}, partition key ${sanitizeLine(partitionKey)}${result.resentAfterTimeout ? '; it was sent again after a timeout and may be in the stream twice' : ''}.\n`,
	);
	return 0;
}

/** Said of a record that failed after a call of it timed out: that call may have stored it. */
const MAYBE_IN = ' (It was sent again after a timeout: an earlier call may have stored it.)';

/** Puts every record of the file at `path`; `where` names it in messages (made safe). */
async function putFile(options: PutCommandOptions, path: string, where: string): Promise<number> {
	const {client, stream, json, stdout, stderr, signal} = options;
	const key = keySourceOf({field: options.partitionKeyField, fixed: options.partitionKey});
	const reading = {format: options.format, key, explicitHashKey: options.explicitHashKey, signal};
	let check: Awaited<ReturnType<typeof checkRecordFile>>;
	try {
		check = await checkRecordFile(path, reading);
	} catch (error) {
		stderr.write(`kinesis-explorer: cannot read ${where}: ${describeFileError(error)}\n`);
		return 2;
	}
	if (check.broken) {
		stderr.write(
			`kinesis-explorer: ${where}:${check.broken.line}: ${sanitizeLine(check.broken.error)} Nothing was sent.\n`,
		);
		return 2;
	}
	if (check.invalidCount > 0) {
		const lines = listProblems(check.invalid, check.invalidCount, where);
		if (!options.skipInvalid) {
			stderr.write(
				`kinesis-explorer: ${formatCount(check.invalidCount)} ${check.invalidCount === 1 ? 'line is' : 'lines are'} not a record; nothing was sent (--skip-invalid sends the others):\n${lines}`,
			);
			return 2;
		}
		stderr.write(
			`Skipping ${formatCount(check.invalidCount)} ${check.invalidCount === 1 ? 'line that is' : 'lines that are'} not a record:\n${lines}`,
		);
	}
	if (check.records === 0) {
		stderr.write(`No records in ${where}: nothing to send.\n`);
		return 0;
	}

	const progress = createProgress(check.records);
	const failures: LineProblem[] = [];
	const live = Boolean(stderr.isTTY);
	const draw = (final: boolean) => {
		const line = `put: ${progressLine(progress.snapshot(), Date.now(), (stderr.columns ?? 80) - 6)}`;
		stderr.write(live ? `\r${line}\u001B[K${final ? '\n' : ''}` : `${line}\n`);
	};
	// On a terminal the line is redrawn in place; in a log, a line a second is plenty.
	const timer = setInterval(() => draw(false), live ? 100 : 1000);
	let stopped = false;
	let fatal: unknown;
	try {
		({stopped} = await sendRecordFile(client, stream, path, {
			...reading,
			progress,
			ordered: options.ordered,
			onResult(result) {
				const line = result.record.line;
				const resent = result.resentAfterTimeout ? {resentAfterTimeout: true} : {};
				if (result.ok) {
					if (json) {
						stdout.write(
							`${safeJson({line, partitionKey: result.record.partitionKey, shardId: result.shardId, sequenceNumber: result.sequenceNumber, ...resent})}\n`,
						);
					}
				} else {
					if (json) {
						stdout.write(`${safeJson({line, error: result.error, ...resent})}\n`);
					}
					if (failures.length < LISTED_PROBLEMS) {
						failures.push({line: line ?? 0, error: result.error});
					}
				}
			},
			onInvalid(problem) {
				if (json) {
					stdout.write(`${safeJson(problem)}\n`);
				}
			},
		}));
	} catch (error) {
		fatal = error;
	} finally {
		clearInterval(timer);
		draw(true);
	}
	const snapshot = progress.snapshot();
	const summary = [
		summaryLine(snapshot, stream, Date.now(), stopped || fatal !== undefined),
		...shardLines(snapshot).map((line) => `  ${line}`),
	]
		.map((line) => `${line}\n`)
		.join('');
	(json ? stderr : stdout).write(summary);
	if (snapshot.failed > 0 && !json) {
		stderr.write(
			`${formatCount(snapshot.failed)} ${snapshot.failed === 1 ? 'record' : 'records'} failed:\n${listProblems(failures, snapshot.failed, where)}`,
		);
	}
	if (fatal !== undefined) {
		stderr.write(`kinesis-explorer: ${describeError(fatal, {...options.errorContext, stream})}\n`);
		return 1;
	}
	if (stopped) {
		return 130;
	}
	return snapshot.failed > 0 ? 1 : 0;
}

function listProblems(problems: readonly LineProblem[], total: number, where: string): string {
	const listed = problems
		.slice(0, LISTED_PROBLEMS)
		.map((problem) => `  ${where}:${problem.line}: ${sanitizeLine(problem.error)}\n`)
		.join('');
	const more = total - Math.min(problems.length, LISTED_PROBLEMS);
	return more > 0 ? `${listed}  … and ${formatCount(more)} more\n` : listed;
}
