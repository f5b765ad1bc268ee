import {createRequire} from 'node:module';
import {readArgv} from './argv.js';
import type {PutRequest} from './commands/put.js';
import {type ConnectionFlags, UsageError} from './config.js';
import {quoteInput, safeInput} from './format/quote-input.js';
import {type StartingPosition} from './model/positions.js';
import type {FilterTerm} from './model/record-filter.js';
import {DEFAULT_BUFFER} from './services/tail/tail-service.js';
import {isListenAddress} from './local/listen-address.js';
import {
	COMMAND_ARGUMENTS,
	COMMAND_FLAGS,
	scriptCommands,
	DEFAULT_SERVE_PORT,
	FLAGS,
	type FlagName,
	flagText,
	givenFlags,
	isCommand,
	type ParsedFlags,
} from './flags.js';
import {HELP} from './help-text.js';
import {
	checkStreamName,
	consumersArguments,
	copyArguments,
	leaseTableArguments,
	negativeSince,
	putRequest,
	statsArguments,
	tailArguments,
} from './command-arguments.js';

/** The command line: the invocation argv asks for, or the usage error that says what is wrong. */

type Demo = {demo: boolean; demoRate: number};

/** Where the KCL applications' leases are read, and when their owners count as stalled. */
type LeaseTables = {
	/** The lease tables given (--kcl-table); none: they are searched for. */
	tables: string[];
	/** A lease counter still this long means a stalled owner (--failover). */
	failoverMs: number;
};

export type Invocation =
	| ({command: 'explorer'; connection: ConnectionFlags; buffer: number} & LeaseTables & Demo)
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
			/** The window's end: the tail ends once every shard is read to it. */
			until?: Date;
			/** The terms of --grep and --where: a record is written when all hold. */
			filter: FilterTerm[];
			max?: number;
			json: boolean;
			consumer?: string;
	  } & Demo)
	| ({
			command: 'copy';
			connection: ConnectionFlags;
			source: string;
			target: string;
			position: StartingPosition;
			until: Date;
			filter: FilterTerm[];
			ordered: boolean;
	  } & Demo)
	| ({command: 'put'; connection: ConnectionFlags} & PutRequest & Demo)
	| ({
			command: 'consumers';
			connection: ConnectionFlags;
			stream: string;
			json: boolean;
	  } & LeaseTables &
			Demo)
	| ({
			command: 'stats';
			connection: ConnectionFlags;
			stream: string;
			/** The window's start. */
			since: Date;
			json: boolean;
	  } & Demo);

/** What --help or --version asks for: the text to print, and nothing else done. */
export type Printout = {command: 'help'; text: string} | {command: 'version'; text: string};

/**
 * The invocation argv asks for, or a UsageError that says what is wrong. --help or --version, given
 * anywhere before a `--` (`tail --help` as well as `--help`), asks for the help or the version
 * whatever else is given.
 */
export function readCommandLine(
	given: readonly string[],
	now: Date = new Date(),
): Invocation | Printout {
	const end = given.indexOf('--');
	const flagWords = end === -1 ? given : given.slice(0, end);
	if (flagWords.includes('--help')) {
		return {command: 'help', text: `\n${HELP.replace(/^\n+|\s+$/g, '')}\n\n`};
	}
	if (flagWords.includes('--version')) {
		return {command: 'version', text: `${version()}\n`};
	}
	const {input, flags} = readArgv(given);
	return parseInvocation(input, flags, given, now);
}

/** The package's version, read from its package.json (beside dist/ as beside source/) when asked. */
function version(): string {
	return (createRequire(import.meta.url)('../package.json') as {version: string}).version;
}

/**
 * The invocation the user asked for, or a UsageError that says what is wrong with it. `argv` is
 * the raw argument list: `flags` cannot tell a boolean left out from one set to false.
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
			`Unknown command ${quoteInput(name)}. Commands: ${scriptCommands()} (see --help).`,
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
			// A text value with a minus sign (`--since -5m`) reads as more flags, not as the value.
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
	const words = COMMAND_ARGUMENTS[name];
	if (args.length > words) {
		throw new UsageError(
			words === 0
				? `${name === 'explorer' ? 'The explorer' : name} takes no argument ${quoteInput(args[0] ?? '')} (see --help).`
				: `${name} takes ${words === 1 ? 'one stream' : 'two streams'}, not also ${quoteInput(args[words] ?? '')} (see --help).`,
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
				...leaseTableArguments(flags),
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
		case 'copy': {
			return {
				command: 'copy',
				connection,
				...copyArguments(args, flags, now),
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
			return {
				command: 'consumers',
				connection,
				...consumersArguments(args[0], flags),
				json: Boolean(flags.json),
				demo: demoWith(Boolean(flags.local)),
				demoRate,
			};
		}
	}
}
