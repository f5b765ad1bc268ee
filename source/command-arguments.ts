import type {PutRequest} from './commands/put.js';
import {UsageError} from './config.js';
import {parseHashKey} from './model/hash-keys.js';
import {partitionKeyProblem, recordSizeProblem} from './model/record-limits.js';
import {FILE_FORMATS, type FileFormat} from './services/put/record-file.js';
import {quoteInput} from './format/quote-input.js';
import {KINESIS_NAME} from './model/stream-rules.js';
import {KCL_FAILOVER_MS} from './model/lease-liveness.js';
import {parsePosition, parseTime, type StartingPosition, UNIT_MS} from './model/positions.js';
import {type FilterTerm, parseGrep, parseWhere} from './model/record-filter.js';
import {DEFAULT_SINCE, flagText, type ParsedFlags} from './flags.js';

/** The words after a command and its flags, checked and made what the command runs on. */

/** What DynamoDB takes for a table's name. */
const DYNAMODB_TABLE_NAME = /^[\w.-]{3,255}$/;

export function putRequest(stream: string | undefined, flags: ParsedFlags): PutRequest {
	if (stream === undefined) {
		throw new UsageError(
			'put needs a stream: put <stream> (--data <text> | --file <path>|-) (see --help).',
		);
	}
	checkStreamName(stream);
	if ((flags.data === undefined) === (flags.file === undefined)) {
		throw new UsageError(
			'put takes --data <text> or --file <path> (- for standard input): one of them.',
		);
	}
	if (flags.partitionKey !== undefined && flags.partitionKeyField !== undefined) {
		throw new UsageError('--partition-key and --partition-key-field cannot be used together.');
	}
	if (flags.data !== undefined) {
		for (const flag of ['partitionKeyField', 'format', 'skipInvalid', 'ordered'] as const) {
			if (flags[flag] !== undefined && flags[flag] !== false) {
				throw new UsageError(`${flagText(flag)} applies to --file only.`);
			}
		}
	}
	const keyProblem =
		flags.partitionKey === undefined ? undefined : partitionKeyProblem(flags.partitionKey);
	if (keyProblem) {
		throw new UsageError(`--partition-key: ${keyProblem}`);
	}
	let explicitHashKey: string | undefined;
	if (flags.explicitHashKey !== undefined) {
		const parsed = parseHashKey(flags.explicitHashKey);
		if ('error' in parsed) {
			throw new UsageError(`--explicit-hash-key: ${parsed.error}`);
		}
		explicitHashKey = parsed.key.toString();
	}
	if (flags.format !== undefined && !FILE_FORMATS.includes(flags.format as FileFormat)) {
		throw new UsageError(`--format is one of ${FILE_FORMATS.join(', ')}.`);
	}
	if (flags.partitionKeyField !== undefined && flags.format === 'text') {
		throw new UsageError('--partition-key-field needs JSON records; --format text has none.');
	}
	if (flags.data !== undefined) {
		const sizeProblem = recordSizeProblem({
			partitionKey: flags.partitionKey ?? '',
			data: Buffer.from(flags.data, 'utf8'),
		});
		if (sizeProblem) {
			throw new UsageError(`--data: ${sizeProblem}`);
		}
	}
	return {
		stream,
		source:
			flags.data !== undefined
				? {kind: 'data', data: flags.data}
				: flags.file === '-'
					? {kind: 'stdin'}
					: {kind: 'file', path: flags.file ?? ''},
		partitionKey: flags.partitionKey,
		partitionKeyField: flags.partitionKeyField,
		explicitHashKey,
		format: flags.format as FileFormat | undefined,
		skipInvalid: Boolean(flags.skipInvalid),
		ordered: Boolean(flags.ordered),
		json: Boolean(flags.json),
	};
}

/** A name Kinesis would refuse is bad usage, told before any call is made. */
export function checkStreamName(stream: string) {
	if (!KINESIS_NAME.test(stream)) {
		throw new UsageError(
			`${quoteInput(stream)} is not a stream name: 1 to 128 letters, digits, _ . and -.`,
		);
	}
}

export function tailArguments(args: readonly string[], flags: ParsedFlags, now: Date) {
	const [stream] = args;
	if (stream === undefined) {
		throw new UsageError('tail needs a stream: kinesis-explorer tail <stream> (see --help).');
	}
	checkStreamName(stream);
	const position = fromArgument(flags.from ?? 'latest', now);
	const shard = shardArgument(flags.shard);
	if (flags.max !== undefined && (!Number.isInteger(flags.max) || flags.max < 1)) {
		throw new UsageError('--max is a number of records, 1 or more.');
	}
	if (flags.efo !== undefined && !KINESIS_NAME.test(flags.efo)) {
		throw new UsageError(
			`--efo ${quoteInput(flags.efo)} is not a consumer name: 1 to 128 letters, digits, _ . and -.`,
		);
	}
	return {
		stream,
		shard,
		position,
		until: untilArgument(flags.until, position, now),
		filter: filterArguments(flags),
		max: flags.max,
		consumer: flags.efo,
	};
}

/** copy <source> <target>: a window of one stream (all of it up to now, by default) into another. */
export function copyArguments(args: readonly string[], flags: ParsedFlags, now: Date) {
	const [source, target] = args;
	if (source === undefined || target === undefined) {
		throw new UsageError(
			'copy needs a source and a target stream: kinesis-explorer copy <source> <target> (see --help).',
		);
	}
	checkStreamName(source);
	checkStreamName(target);
	if (source === target) {
		throw new UsageError(
			`copy ${quoteInput(source)} into itself would read back what it writes: give another target.`,
		);
	}
	if (flags.readOnly) {
		throw new UsageError(
			`copy writes into ${quoteInput(target)}, and --read-only refuses every write.`,
		);
	}
	const position = fromArgument(flags.from ?? 'trim-horizon', now);
	return {
		source,
		target,
		position,
		until: untilArgument(flags.until ?? 'now', position, now) as Date,
		filter: filterArguments(flags),
		ordered: Boolean(flags.ordered),
	};
}

function fromArgument(text: string, now: Date): StartingPosition {
	const parsed = parsePosition(text, now);
	if ('error' in parsed) {
		throw new UsageError(parsed.error);
	}
	return parsed.position;
}

/** `--until`: a time as --from takes one, or now (the moment the command started). */
function untilArgument(
	text: string | undefined,
	position: StartingPosition,
	now: Date,
): Date | undefined {
	if (text === undefined) {
		return undefined;
	}
	let until = now;
	if (text.trim().toLowerCase() !== 'now') {
		const parsed = parseTime(text, now);
		if ('error' in parsed) {
			throw new UsageError(`--until: ${parsed.error}`);
		}
		until = parsed.timestamp;
	}
	if (position.type === 'AT_TIMESTAMP' && until <= position.timestamp) {
		throw new UsageError(
			`--until ${quoteInput(text)} (${until.toISOString()}) is not after --from (${position.timestamp.toISOString()}): the window would hold nothing.`,
		);
	}
	if (position.type === 'LATEST' && until <= now) {
		throw new UsageError(
			`--until ${quoteInput(text)} is not in the future, and --from latest starts now: the window would hold nothing. Say where to start with --from (trim-horizon, at-timestamp:1h …).`,
		);
	}
	return until;
}

/** `--grep` and every `--where`: the filter's terms, all of which a record must meet. */
function filterArguments(flags: ParsedFlags): FilterTerm[] {
	const terms: FilterTerm[] = [];
	if (flags.grep !== undefined) {
		const parsed = parseGrep(flags.grep);
		if ('error' in parsed) {
			throw new UsageError(`--grep ${quoteInput(flags.grep)}: ${parsed.error}`);
		}
		terms.push(parsed.term);
	}
	for (const where of flags.where ?? []) {
		const parsed = parseWhere(where);
		if ('error' in parsed) {
			throw new UsageError(`--where: ${parsed.error}`);
		}
		terms.push(parsed.term);
	}
	return terms;
}

export function statsArguments(stream: string | undefined, flags: ParsedFlags, now: Date) {
	if (stream === undefined) {
		throw new UsageError('stats needs a stream: kinesis-explorer stats <stream> (see --help).');
	}
	checkStreamName(stream);
	if (flags.since?.trim().startsWith('-')) {
		throw new UsageError(negativeSince(flags.since));
	}
	const parsed = parseTime(flags.since ?? DEFAULT_SINCE, now);
	if ('error' in parsed) {
		throw new UsageError(`--since: ${parsed.error}`);
	}
	if (parsed.timestamp >= now) {
		throw new UsageError(
			`--since ${quoteInput(flags.since ?? '')} is not in the past: the window starts then and ends now.`,
		);
	}
	return {stream, since: parsed.timestamp};
}

export function negativeSince(value: string): string {
	return `--since ${quoteInput(value)} is negative: leave out the minus sign (10m is ten minutes ago).`;
}

/** `all`, a shard id, or just its number: 7 is shardId-000000000007. */
function shardArgument(shard: string | undefined): string | undefined {
	if (shard === undefined || shard.toLowerCase() === 'all') {
		return undefined;
	}
	if (/^\d{1,12}$/.test(shard)) {
		return `shardId-${shard.padStart(12, '0')}`;
	}
	if (!KINESIS_NAME.test(shard)) {
		throw new UsageError(
			`--shard ${quoteInput(shard)} is not a shard id (like shardId-000000000001) or all.`,
		);
	}
	return shard;
}

export function consumersArguments(stream: string | undefined, flags: ParsedFlags) {
	if (stream === undefined) {
		throw new UsageError(
			'consumers needs a stream: kinesis-explorer consumers <stream> (see --help).',
		);
	}
	checkStreamName(stream);
	return {stream, ...leaseTableArguments(flags)};
}

/**
 * --kcl-table and --failover, for the consumers command and the explorer's consumers view: the lease
 * tables to read (none given: they are searched for), and the applications' failover time.
 */
export function leaseTableArguments(flags: ParsedFlags): {tables: string[]; failoverMs: number} {
	const tables = flags.kclTable ?? [];
	for (const table of tables) {
		if (!DYNAMODB_TABLE_NAME.test(table)) {
			throw new UsageError(
				`--kcl-table ${quoteInput(table)} is not a table name: 3 to 255 letters, digits, _ . and -.`,
			);
		}
	}
	return {tables, failoverMs: failoverOf(flags.failover)};
}

/** The longest --failover taken: a lease table is scanned every few seconds, and a stall told after this. */
const MAX_FAILOVER_MS = 3_600_000;

/**
 * --failover: the KCL application's failover time (its failoverTimeMillis), after which a counter
 * that stood still means a stalled owner (in the consumers command and the explorer's consumers
 * view). `10s`, `1500ms`, `2m`; 10 s, the KCL's default, when left out.
 */
function failoverOf(text: string | undefined): number {
	if (text === undefined) {
		return KCL_FAILOVER_MS;
	}
	const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text);
	const ms = match ? Number(match[1]) * {ms: 1, ...UNIT_MS}[match[2] as 'ms' | 's' | 'm'] : NaN;
	if (!(ms >= 1000 && ms <= MAX_FAILOVER_MS)) {
		throw new UsageError(
			`--failover ${quoteInput(text)} is not a failover time from 1s to 60m (like 10s, 1500ms or 2m: the application's failoverTimeMillis).`,
		);
	}
	return ms;
}
