import meow, {type TypedFlags} from 'meow';
import {helpSections} from './ui/keymap.js';
import type {PutRequest} from './commands/put.js';
import {type ConnectionFlags, UsageError} from './config.js';
import {parseHashKey} from './model/hash-keys.js';
import {partitionKeyProblem, recordSizeProblem} from './model/record-limits.js';
import {FILE_FORMATS, type FileFormat} from './services/put/record-file.js';
import {quoteInput, safeInput} from './format/quote-input.js';
import {KINESIS_NAME} from './model/stream-rules.js';
import {
	POSITION_HELP,
	parsePosition,
	parseTime,
	type StartingPosition,
	startsInOneShard,
} from './model/positions.js';
import {DEFAULT_BUFFER} from './services/tail/tail-service.js';
import {isListenAddress} from './local/listen-address.js';

/** The command line: the flags meow parses, the help text, and which command takes which flag. */

/** The explorer's keys from its keymap, as the help overlay shows them: written once. */
function keyList(): string {
	return helpSections()
		.map(({section, entries}) =>
			[
				`    ${section}`,
				...entries.map(({keys, description}) => `      ${keys.padEnd(22)} ${description}`),
			].join('\n'),
		)
		.join('\n');
}

/** The window stats reads when not told: long enough to show a pattern, quick to read. */
export const DEFAULT_SINCE = '5m';

export const HELP = `
  Explore Amazon Kinesis Data Streams from the terminal: streams, shards, live records.

  Usage
    $ kinesis-explorer [options]                     open the explorer
    $ kinesis-explorer ls [--json]                   list streams
    $ kinesis-explorer shards <stream> [--json]      shard lineage tree: states, hash key ranges
    $ kinesis-explorer tail <stream> [--shard <id>|all] [--from <position>] [--max <n>] [--json] [--efo <consumer>]
                                                     print a stream's records as they arrive
    $ kinesis-explorer serve [--port <n>] [--demo] [--host <address>]
                                                     run the embedded engines (Kinesis, DynamoDB) in
                                                     the foreground
    $ kinesis-explorer put <stream> (--data <text> | --file <path>) [--partition-key <key>] [--explicit-hash-key <n>] [--json]
                                                     send one record, or every record of a file
    $ kinesis-explorer consumers <stream> [--kcl-table <name>]… [--json]
                                                     who reads the stream (fan-out consumers, KCL
                                                     applications) and how far behind they are
    $ kinesis-explorer stats <stream> [--since <10m|2h|time>] [--json]
                                                     where the writes went: each shard against its
                                                     limits, hot shards, top keys, where to split

  Connection (as in the aws CLI; a flag wins over the environment)
    --local                  Start the embedded engines (Kinesis, and DynamoDB for lease tables) for
                             this run, with demo streams and a demo KCL application (no AWS account
                             or credentials needed); they stop when the explorer does
    --endpoint-url <url>     Any Kinesis-compatible endpoint, e.g. http://localhost:4566 (LocalStack);
                             DynamoDB is read there too [env AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL]
    --dynamodb-endpoint-url <url>  Where the KCL lease tables are read instead (only DescribeTable,
                             ListTables, Scan and Query are ever sent) [env AWS_ENDPOINT_URL_DYNAMODB]
    --region <region>        AWS region [env AWS_REGION, or the profile's region]
    --profile <name>         Named profile from ~/.aws/config [env AWS_PROFILE]
    --ca-bundle <file>       Certificates (PEM) to check an HTTPS endpoint against instead of Node's
                             own list: a local engine's, a company proxy's [env AWS_CA_BUNDLE]
    --read-only              Refuse every call that writes (put, create, delete, split, merge …)
    Credentials come from the AWS SDK's default chain. Local endpoints (localhost, 127.*) work
    without any: placeholders are used when none are configured.

  Options
    --json                   ls, shards: JSON for scripts instead of a table or a tree
    --port <n>               serve: the Kinesis engine's port (default 4567); DynamoDB takes a free
                             one. stdout: the Kinesis endpoint, then the DynamoDB endpoint, a line each
    --host <address>         serve: the IP address the engines listen on (default 127.0.0.1: this
                             machine only; 0.0.0.0 for every address). The engines have no
                             authentication: whoever reaches them can read, write and delete streams
    --demo                   serve: create the demo streams and write to them (on by default with
                             --local; --no-demo turns it off)
    --demo-rate <n>          Demo records written per second, in all (default 4; 0 stops the producer)
    --shard <id>|all         tail: one shard (then its children), or every shard (default all)
    --from <position>        tail: where to start (default latest):
                             ${POSITION_HELP}
                             (a time without a zone is UTC; 10m, 2h, 1d mean that long ago)
    --max <n>                tail: stop after n records (sub-records of KPL aggregates count one each)
    --json                   tail: one JSON object a line (NDJSON); data is text, or base64 if not UTF-8
    --efo <consumer>         tail: read by enhanced fan-out as this consumer (registered if needed)
    --buffer <n>             the explorer: records the tail pane keeps (default ${DEFAULT_BUFFER})
    --kcl-table <name>       consumers: a KCL application's lease table (its name, by default);
                             repeat for more. Without it, every table keyed by leaseKey whose leases
                             name the stream's shards is found (ListTables, DescribeTable, Scan)
    --json                   consumers: one object a line:
                             {"kind":"efo","stream","name","status","registeredAt"}
                             {"kind":"lease","stream","application","table","shardId","owner",
                              "checkpoint","leaseCounter","stalled","millisBehindLatest"}
                              (millisBehindLatest null, with a "reason", where it cannot be measured)
                             {"kind":"unleased","stream","application","table","shardId"}
    --since <time>           stats: the window's start, ISO 8601 or a while ago (10m, 2h, 1d;
                             default ${DEFAULT_SINCE}); it ends when stats starts reading
    --json                   stats: one JSON object: the stream, the window, records, bytes, calls,
                             each shard's rates, hot, top keys, split and key over its limit,
                             and the merge candidates

  Sending records (put)
    --data <text>            One record with this text as its data
    --file <path>            Every record of a file: NDJSON (a JSON value a line), a JSON array, or
                             plain text (a record a line); blank lines are skipped. Every line is
                             checked before anything is sent
    --format <f>             ndjson, json or text (default: told by the file's first character)
    --partition-key <key>    The partition key (default: a random UUID for each record)
    --partition-key-field <path>  The partition key from each JSON record's field, e.g. user.id
    --explicit-hash-key <n>  Place the records by this hash key (0 to 2^128-1), not by their key
    --skip-invalid           Send the good records of a file that has bad lines
    --ordered                Keep the order of the records of each partition key (slower)
    --json                   put: one result a line on stdout:
                             {"line","partitionKey","shardId","sequenceNumber"} or {"line","error"}
    --help                   Show this help
    --version                Show the version

  Keys in the explorer
${keyList()}
  Exit codes
    0    done; the explorer, tail and serve also when stopped with ctrl+c
    1    Kinesis or the engine failed, a record could not be sent, ls left out a stream it could
         not describe, or consumers could not read DynamoDB (the message says why)
    2    bad usage: a flag, argument or file that is wrong, a --kcl-table that is not the stream's
         lease table, or no terminal (nothing is sent)
    130  ls, put or stats stopped with ctrl+c before it was done (or any command, by a second ctrl+c)

  Examples
    $ kinesis-explorer --local                                  the embedded engine and demo streams
    $ kinesis-explorer --endpoint-url http://localhost:4566     LocalStack
    $ kinesis-explorer --profile prod --region eu-west-1 --read-only
    $ kinesis-explorer ls --json --endpoint-url http://localhost:4566
    $ kinesis-explorer shards clickstream --local               the demo stream's split and merge
    $ kinesis-explorer tail clickstream --local --from trim-horizon --json --max 10
    $ kinesis-explorer tail orders --from at-timestamp:10m --shard shardId-000000000001
    $ kinesis-explorer serve --port 4567 --demo                 then point other tools at it
    $ kinesis-explorer serve --host 0.0.0.0                     other machines too (no authentication)
    $ kinesis-explorer put clickstream --file events.ndjson --partition-key-field user.id
    $ kinesis-explorer consumers clickstream --local            the demo's KCL application, lagging
    $ kinesis-explorer consumers orders --kcl-table orders-app --json
    $ kinesis-explorer stats clickstream --local --since 2m     which shard is hot, and where to split it
`;

export const FLAGS = {
	local: {type: 'boolean'},
	endpointUrl: {type: 'string'},
	dynamodbEndpointUrl: {type: 'string'},
	region: {type: 'string'},
	profile: {type: 'string'},
	caBundle: {type: 'string'},
	readOnly: {type: 'boolean'},
	json: {type: 'boolean'},
	port: {type: 'number'},
	host: {type: 'string'},
	demo: {type: 'boolean'},
	demoRate: {type: 'number', default: 4},
	shard: {type: 'string'},
	from: {type: 'string'},
	max: {type: 'number'},
	efo: {type: 'string'},
	buffer: {type: 'number'},
	data: {type: 'string'},
	file: {type: 'string'},
	format: {type: 'string'},
	partitionKey: {type: 'string'},
	partitionKeyField: {type: 'string'},
	explicitHashKey: {type: 'string'},
	skipInvalid: {type: 'boolean'},
	ordered: {type: 'boolean'},
	kclTable: {type: 'string', isMultiple: true},
	since: {type: 'string'},
} as const;

export type FlagName = keyof typeof FLAGS;

/** The flags as meow reads them: each optional, of the type the table gives it. */
export type ParsedFlags = Partial<TypedFlags<typeof FLAGS>>;

const CONNECTION_FLAGS = [
	'local',
	'endpointUrl',
	'dynamodbEndpointUrl',
	'region',
	'profile',
	'caBundle',
	'readOnly',
] as const;
const DEMO_FLAGS = ['demo', 'demoRate'] as const;

const COMMAND_FLAGS = {
	explorer: [...CONNECTION_FLAGS, ...DEMO_FLAGS, 'buffer'],
	ls: [...CONNECTION_FLAGS, ...DEMO_FLAGS, 'json'],
	shards: [...CONNECTION_FLAGS, ...DEMO_FLAGS, 'json'],
	serve: ['port', 'host', ...DEMO_FLAGS],
	tail: [...CONNECTION_FLAGS, ...DEMO_FLAGS, 'shard', 'from', 'max', 'json', 'efo'],
	put: [
		...CONNECTION_FLAGS,
		...DEMO_FLAGS,
		'json',
		'data',
		'file',
		'format',
		'partitionKey',
		'partitionKeyField',
		'explicitHashKey',
		'skipInvalid',
		'ordered',
	],
	consumers: [...CONNECTION_FLAGS, ...DEMO_FLAGS, 'kclTable', 'json'],
	stats: [...CONNECTION_FLAGS, ...DEMO_FLAGS, 'since', 'json'],
} satisfies Record<string, readonly FlagName[]>;

export type CommandName = keyof typeof COMMAND_FLAGS;

type Demo = {demo: boolean; demoRate: number};

export type Invocation =
	| ({command: 'explorer'; connection: ConnectionFlags; buffer: number} & Demo)
	| ({command: 'ls'; connection: ConnectionFlags; json: boolean} & Demo)
	| ({command: 'shards'; connection: ConnectionFlags; stream: string; json: boolean} & Demo)
	| ({
			command: 'serve';
			port: number;
			/** The address to listen on; the engine's own default (loopback) when not given. */
			host?: string;
	  } & Demo)
	| ({
			command: 'tail';
			connection: ConnectionFlags;
			stream: string;
			/** Undefined: every shard. */
			shard?: string;
			position: StartingPosition;
			max?: number;
			json: boolean;
			consumer?: string;
	  } & Demo)
	| ({command: 'put'; connection: ConnectionFlags} & PutRequest & Demo)
	| ({
			command: 'consumers';
			connection: ConnectionFlags;
			stream: string;
			/** The lease tables given; none: they are searched for. */
			tables: string[];
			json: boolean;
	  } & Demo)
	| ({
			command: 'stats';
			connection: ConnectionFlags;
			stream: string;
			/** The window's start. */
			since: Date;
			json: boolean;
	  } & Demo);

/** The words after the command that each command takes. */
const COMMAND_ARGUMENTS: Record<CommandName, number> = {
	explorer: 0,
	ls: 0,
	shards: 1,
	serve: 0,
	tail: 1,
	put: 1,
	consumers: 1,
	stats: 1,
};

export const DEFAULT_SERVE_PORT = 4567;

/**
 * The invocation argv asks for, read as the CLI reads it (meow, then the rules below), or a
 * UsageError that says what is wrong. --help and --version print and exit here, as meow does.
 */
export function readCommandLine(argv: readonly string[], now: Date = new Date()): Invocation {
	let parsed;
	try {
		// Unknown flags are refused by parseInvocation, in the same words as every other usage error.
		parsed = meow(HELP, {
			importMeta: import.meta,
			argv: [...argv],
			flags: FLAGS,
			allowUnknownFlags: true,
			description: false,
		});
	} catch (error) {
		// A flag given twice is bad usage like any other, not a failure.
		const twice = /^The flag --(\w+) can only be set once\.$/.exec((error as Error).message);
		if (twice?.[1]) {
			throw new UsageError(
				`${flagText(twice[1] as FlagName)} is given more than once: give it once.`,
			);
		}
		throw error;
	}
	return parseInvocation(parsed.input, parsed.flags, argv, now);
}

/**
 * The invocation the user asked for, or a UsageError that says what is wrong with it. `argv` is
 * the raw argument list: meow cannot tell a boolean left out from one set to false, nor a number
 * flag given without its value.
 */
export function parseInvocation(
	input: readonly string[],
	flags: ParsedFlags,
	argv: readonly string[],
	now: Date = new Date(),
): Invocation {
	const [name = 'explorer', ...args] = input;
	if (!isCommand(name)) {
		throw new UsageError(
			`Unknown command ${quoteInput(name)}. Commands: ${Object.keys(COMMAND_FLAGS)
				.filter((command) => command !== 'explorer')
				.join(', ')} (see --help).`,
		);
	}
	const given = givenFlags(argv);
	const allowed: readonly FlagName[] = COMMAND_FLAGS[name];
	for (const flag of given) {
		if (!allowed.includes(flag)) {
			throw new UsageError(
				`${flagText(flag)} does not apply to ${name === 'explorer' ? 'the explorer' : name} (see --help).`,
			);
		}
		const value = flags[flag];
		if (value === '' || (typeof value === 'number' && Number.isNaN(value)) || value === undefined) {
			// meow reads a text value with a minus sign (`--since -5m`) as more flags, not as the value.
			const next = argv[argv.indexOf(flagText(flag)) + 1];
			if (FLAGS[flag].type === 'string' && next !== undefined && /^-\d/.test(next)) {
				throw new UsageError(
					flag === 'since'
						? negativeSince(next)
						: `${flagText(flag)} ${quoteInput(next)}: a value that starts with - reads as a flag; write ${flagText(flag)}=${safeInput(next)}.`,
				);
			}
			throw new UsageError(
				`${flagText(flag)} needs a value${FLAGS[flag].type === 'number' ? ' (a number)' : ''}.`,
			);
		}
	}
	if (args.length > COMMAND_ARGUMENTS[name]) {
		throw new UsageError(
			COMMAND_ARGUMENTS[name] === 0
				? `${name === 'explorer' ? 'The explorer' : name} takes no argument ${quoteInput(args[0] ?? '')} (see --help).`
				: `${name} takes one stream, not also ${quoteInput(args[1] ?? '')} (see --help).`,
		);
	}
	const demoRate = flags.demoRate ?? 4;
	if (!Number.isFinite(demoRate) || demoRate < 0 || demoRate > 1000) {
		throw new UsageError('--demo-rate is records per second, from 0 to 1000.');
	}
	const connection: ConnectionFlags = {
		local: flags.local,
		endpointUrl: flags.endpointUrl,
		dynamodbEndpointUrl: flags.dynamodbEndpointUrl,
		region: flags.region,
		profile: flags.profile,
		caBundle: flags.caBundle,
		readOnly: flags.readOnly,
	};
	// Demo streams come with the embedded engine unless turned off; serve makes them only on request.
	const demoWith = (byDefault: boolean) => (given.has('demo') ? Boolean(flags.demo) : byDefault);
	switch (name) {
		case 'explorer': {
			const buffer = flags.buffer ?? DEFAULT_BUFFER;
			if (!Number.isInteger(buffer) || buffer < 100 || buffer > 1_000_000) {
				throw new UsageError('--buffer is the records the tail keeps, from 100 to 1000000.');
			}
			return {
				command: 'explorer',
				connection,
				buffer,
				demo: demoWith(Boolean(flags.local)),
				demoRate,
			};
		}
		case 'ls': {
			return {
				command: 'ls',
				connection,
				json: Boolean(flags.json),
				demo: demoWith(Boolean(flags.local)),
				demoRate,
			};
		}
		case 'shards': {
			const [stream] = args;
			if (stream === undefined || stream.trim() === '') {
				throw new UsageError(
					"shards takes one argument, the stream's name: kinesis-explorer shards <stream>.",
				);
			}
			checkStreamName(stream);
			return {
				command: 'shards',
				connection,
				stream,
				json: Boolean(flags.json),
				demo: demoWith(Boolean(flags.local)),
				demoRate,
			};
		}
		case 'serve': {
			const port = flags.port ?? DEFAULT_SERVE_PORT;
			if (!Number.isInteger(port) || port < 1 || port > 65_535) {
				throw new UsageError('--port is a port number, from 1 to 65535.');
			}
			if (flags.host !== undefined && !isListenAddress(flags.host)) {
				throw new UsageError(
					`--host ${quoteInput(flags.host)} is not an IP address: give one of this machine's, like 127.0.0.1 or ::1, or 0.0.0.0 for all of them.`,
				);
			}
			return {command: 'serve', port, host: flags.host, demo: demoWith(false), demoRate};
		}
		case 'tail': {
			return {
				command: 'tail',
				connection,
				...tailArguments(args, flags, now),
				json: Boolean(flags.json),
				demo: demoWith(Boolean(flags.local)),
				demoRate,
			};
		}
		case 'stats': {
			return {
				command: 'stats',
				connection,
				...statsArguments(args[0], flags, now),
				json: Boolean(flags.json),
				demo: demoWith(Boolean(flags.local)),
				demoRate,
			};
		}
		case 'put': {
			return {
				command: 'put',
				connection,
				...putRequest(args[0], flags),
				demo: demoWith(Boolean(flags.local)),
				demoRate,
			};
		}
		case 'consumers': {
			const [stream] = args;
			if (stream === undefined) {
				throw new UsageError(
					'consumers needs a stream: kinesis-explorer consumers <stream> (see --help).',
				);
			}
			checkStreamName(stream);
			const tables = flags.kclTable ?? [];
			for (const table of tables) {
				if (!DYNAMODB_TABLE_NAME.test(table)) {
					throw new UsageError(
						`--kcl-table ${quoteInput(table)} is not a table name: 3 to 255 letters, digits, _ . and -.`,
					);
				}
			}
			return {
				command: 'consumers',
				connection,
				stream,
				tables,
				json: Boolean(flags.json),
				demo: demoWith(Boolean(flags.local)),
				demoRate,
			};
		}
	}
}

/** What DynamoDB takes for a table's name. */
const DYNAMODB_TABLE_NAME = /^[\w.-]{3,255}$/;

function putRequest(stream: string | undefined, flags: ParsedFlags): PutRequest {
	if (stream === undefined) {
		throw new UsageError(
			'put needs a stream: put <stream> (--data <text> | --file <path>) (see --help).',
		);
	}
	checkStreamName(stream);
	if ((flags.data === undefined) === (flags.file === undefined)) {
		throw new UsageError('put takes --data <text> or --file <path>: one of them.');
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
			flags.data === undefined
				? {kind: 'file', path: flags.file ?? ''}
				: {kind: 'data', data: flags.data},
		partitionKey: flags.partitionKey,
		partitionKeyField: flags.partitionKeyField,
		explicitHashKey,
		format: flags.format as FileFormat | undefined,
		skipInvalid: Boolean(flags.skipInvalid),
		ordered: Boolean(flags.ordered),
		json: Boolean(flags.json),
	};
}

function isCommand(name: string): name is CommandName {
	return Object.hasOwn(COMMAND_FLAGS, name);
}

/** The flags that appear in argv, by their camelCase names (`--no-demo` counts as `demo`). */
export function givenFlags(argv: readonly string[]): Set<FlagName> {
	const given = new Set<FlagName>();
	for (const argument of argv) {
		if (argument === '--') {
			break;
		}
		if (!argument.startsWith('-') || /^-\d/.test(argument)) {
			continue;
		}
		const name = /^--(?:no-)?([a-z][a-z-]*)(?:=|$)/
			.exec(argument)?.[1]
			?.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
		if (name === undefined || !Object.hasOwn(FLAGS, name)) {
			throw new UsageError(`Unknown flag ${safeInput(argument.split('=')[0] ?? '')} (see --help).`);
		}
		given.add(name as FlagName);
	}
	return given;
}

function flagText(flag: FlagName): string {
	return `--${flag.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** A name Kinesis would refuse is bad usage, told before any call is made. */
function checkStreamName(stream: string) {
	if (!KINESIS_NAME.test(stream)) {
		throw new UsageError(
			`${quoteInput(stream)} is not a stream name: 1 to 128 letters, digits, _ . and -.`,
		);
	}
}

function tailArguments(args: readonly string[], flags: ParsedFlags, now: Date) {
	const [stream] = args;
	if (stream === undefined) {
		throw new UsageError('tail needs a stream: kinesis-explorer tail <stream> (see --help).');
	}
	checkStreamName(stream);
	const parsed = parsePosition(flags.from ?? 'latest', now);
	if ('error' in parsed) {
		throw new UsageError(parsed.error);
	}
	const shard = shardArgument(flags.shard);
	if (shard === undefined && startsInOneShard(parsed.position.type)) {
		throw new UsageError(
			'A sequence number belongs to one shard: name it with --shard <id> along with --from.',
		);
	}
	if (flags.max !== undefined && (!Number.isInteger(flags.max) || flags.max < 1)) {
		throw new UsageError('--max is a number of records, 1 or more.');
	}
	if (flags.efo !== undefined && !KINESIS_NAME.test(flags.efo)) {
		throw new UsageError(
			`--efo ${quoteInput(flags.efo)} is not a consumer name: 1 to 128 letters, digits, _ . and -.`,
		);
	}
	return {stream, shard, position: parsed.position, max: flags.max, consumer: flags.efo};
}

function statsArguments(stream: string | undefined, flags: ParsedFlags, now: Date) {
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

function negativeSince(value: string): string {
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
