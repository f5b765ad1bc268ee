import {type ConnectionFlags, UsageError} from './config.js';

/** The command line: the flags meow parses, the help text, and which command takes which flag. */

export const HELP = `
  Explore Amazon Kinesis Data Streams from the terminal: streams, shards, live records.

  Usage
    $ kinesis-explorer [options]                     open the explorer
    $ kinesis-explorer ls [--json]                   list streams
    $ kinesis-explorer shards <stream> [--json]      shard lineage tree: states, hash key ranges
    $ kinesis-explorer serve [--port <n>] [--demo]   run the embedded local engine in the foreground

  Connection (as in the aws CLI; a flag wins over the environment)
    --local                  Start the embedded Kinesis engine for this run, with demo streams
                             (no AWS account or credentials needed); it stops when the explorer does
    --endpoint-url <url>     Any Kinesis-compatible endpoint, e.g. http://localhost:4566 (LocalStack)
                             [env AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL]
    --region <region>        AWS region [env AWS_REGION, or the profile's region]
    --profile <name>         Named profile from ~/.aws/config [env AWS_PROFILE]
    --read-only              Refuse every call that writes (put, create, delete, split, merge …)
    Credentials come from the AWS SDK's default chain. Local endpoints (localhost, 127.*) work
    without any: placeholders are used when none are configured.

  Options
    --json                   ls, shards: JSON for scripts instead of a table or a tree
    --port <n>               serve: the engine's port (default 4567)
    --demo                   serve: create the demo streams and write to them (on by default with
                             --local; --no-demo turns it off)
    --demo-rate <n>          Demo records written per second, in all (default 4; 0 stops the producer)
    --help                   Show this help
    --version                Show the version

  Keys in the explorer
    tab / shift+tab or 1-4   move between panes        j/k or ↑/↓   move in a list
    enter                    open                      esc          back
    /                        filter                    r            refresh
    m                        stream or shard actions   o            open shards only
    ?                        all the keys              q / ctrl+c   quit

  Exit codes
    0  done (or stopped with ctrl+c)     1  Kinesis or the engine failed (the message says why)
    2  bad usage (flag, argument, not a terminal)

  Examples
    $ kinesis-explorer --local                                  the embedded engine and demo streams
    $ kinesis-explorer --endpoint-url http://localhost:4566     LocalStack
    $ kinesis-explorer --profile prod --region eu-west-1 --read-only
    $ kinesis-explorer ls --json --endpoint-url http://localhost:4566
    $ kinesis-explorer shards clickstream --local               the demo stream's split and merge
    $ kinesis-explorer serve --port 4567 --demo                 then point other tools at it
`;

export const FLAGS = {
	local: {type: 'boolean'},
	endpointUrl: {type: 'string'},
	region: {type: 'string'},
	profile: {type: 'string'},
	readOnly: {type: 'boolean'},
	json: {type: 'boolean'},
	port: {type: 'number'},
	demo: {type: 'boolean'},
	demoRate: {type: 'number', default: 4},
} as const;

export type FlagName = keyof typeof FLAGS;

export type ParsedFlags = {
	local?: boolean;
	endpointUrl?: string;
	region?: string;
	profile?: string;
	readOnly?: boolean;
	json?: boolean;
	port?: number;
	demo?: boolean;
	demoRate?: number;
};

const CONNECTION_FLAGS = ['local', 'endpointUrl', 'region', 'profile', 'readOnly'] as const;
const DEMO_FLAGS = ['demo', 'demoRate'] as const;

const COMMAND_FLAGS = {
	explorer: [...CONNECTION_FLAGS, ...DEMO_FLAGS],
	ls: [...CONNECTION_FLAGS, ...DEMO_FLAGS, 'json'],
	shards: [...CONNECTION_FLAGS, ...DEMO_FLAGS, 'json'],
	serve: ['port', ...DEMO_FLAGS],
} satisfies Record<string, readonly FlagName[]>;

export type CommandName = keyof typeof COMMAND_FLAGS;

type Demo = {demo: boolean; demoRate: number};

export type Invocation =
	| ({command: 'explorer'; connection: ConnectionFlags} & Demo)
	| ({command: 'ls'; connection: ConnectionFlags; json: boolean} & Demo)
	| ({command: 'shards'; connection: ConnectionFlags; stream: string; json: boolean} & Demo)
	| ({command: 'serve'; port: number} & Demo);

export const DEFAULT_SERVE_PORT = 4567;

/**
 * The invocation the user asked for, or a UsageError that says what is wrong with it. `argv` is
 * the raw argument list: meow cannot tell a boolean left out from one set to false, nor a number
 * flag given without its value.
 */
export function parseInvocation(
	input: readonly string[],
	flags: ParsedFlags,
	argv: readonly string[],
): Invocation {
	const [name = 'explorer', ...args] = input;
	if (!isCommand(name)) {
		throw new UsageError(
			`Unknown command "${name}". Commands: ${Object.keys(COMMAND_FLAGS)
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
			throw new UsageError(
				`${flagText(flag)} needs a value${FLAGS[flag].type === 'number' ? ' (a number)' : ''}.`,
			);
		}
	}
	// shards takes the stream's name (below); the other commands take no argument.
	if (args.length > 0 && name !== 'shards') {
		throw new UsageError(
			`${name === 'explorer' ? 'The explorer' : name} takes no argument "${args[0]}" (see --help).`,
		);
	}
	const demoRate = flags.demoRate ?? 4;
	if (!Number.isFinite(demoRate) || demoRate < 0 || demoRate > 1000) {
		throw new UsageError('--demo-rate is records per second, from 0 to 1000.');
	}
	const connection: ConnectionFlags = {
		local: flags.local,
		endpointUrl: flags.endpointUrl,
		region: flags.region,
		profile: flags.profile,
		readOnly: flags.readOnly,
	};
	// Demo streams come with the embedded engine unless turned off; serve makes them only on request.
	const demoWith = (byDefault: boolean) => (given.has('demo') ? Boolean(flags.demo) : byDefault);
	switch (name) {
		case 'explorer': {
			return {command: 'explorer', connection, demo: demoWith(Boolean(flags.local)), demoRate};
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
			if (args.length !== 1 || stream === undefined || stream.trim() === '') {
				throw new UsageError(
					"shards takes one argument, the stream's name: kinesis-explorer shards <stream>.",
				);
			}
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
			return {command: 'serve', port, demo: demoWith(false), demoRate};
		}
	}
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
			throw new UsageError(`Unknown flag ${argument.split('=')[0]} (see --help).`);
		}
		given.add(name as FlagName);
	}
	return given;
}

function flagText(flag: FlagName): string {
	return `--${flag.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
