import {UsageError} from './config.js';
import {safeInput} from './format/quote-input.js';

/** The flags argv may give, their defaults, and which command takes which flag and how many words. */

/** The window stats reads when not told: long enough to show a pattern, quick to read. */
export const DEFAULT_SINCE = '5m';

export const DEFAULT_SERVE_PORT = 4567;

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
	until: {type: 'string'},
	grep: {type: 'string'},
	where: {type: 'string', isMultiple: true},
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
	failover: {type: 'string'},
	since: {type: 'string'},
} as const;

export type FlagName = keyof typeof FLAGS;

type FlagValue<Flag> = Flag extends {type: 'boolean'}
	? boolean
	: Flag extends {type: 'number'}
		? number
		: Flag extends {isMultiple: true}
			? string[]
			: string;

/** The flags as argv gives them (readArgv): each optional, of the type the table gives it. */
export type ParsedFlags = {[Name in FlagName]?: FlagValue<(typeof FLAGS)[Name]>};

export const CONNECTION_FLAGS = [
	'local',
	'endpointUrl',
	'dynamodbEndpointUrl',
	'region',
	'profile',
	'caBundle',
	'readOnly',
] as const;
export const DEMO_FLAGS = ['demo', 'demoRate'] as const;

export const COMMAND_FLAGS = {
	explorer: [...CONNECTION_FLAGS, ...DEMO_FLAGS, 'buffer', 'kclTable', 'failover'],
	ls: [...CONNECTION_FLAGS, ...DEMO_FLAGS, 'json'],
	shards: [...CONNECTION_FLAGS, ...DEMO_FLAGS, 'json'],
	serve: ['port', 'host', ...DEMO_FLAGS],
	tail: [
		...CONNECTION_FLAGS,
		...DEMO_FLAGS,
		'shard',
		'from',
		'until',
		'grep',
		'where',
		'max',
		'json',
		'efo',
	],
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
	copy: [...CONNECTION_FLAGS, ...DEMO_FLAGS, 'from', 'until', 'grep', 'where', 'ordered'],
	consumers: [...CONNECTION_FLAGS, ...DEMO_FLAGS, 'kclTable', 'failover', 'json'],
	stats: [...CONNECTION_FLAGS, ...DEMO_FLAGS, 'since', 'json'],
} satisfies Record<string, readonly FlagName[]>;

/** The commands for scripts, as --help lists them: every command but the explorer itself. */
export function scriptCommands(): string {
	return Object.keys(COMMAND_FLAGS)
		.filter((command) => command !== 'explorer')
		.join(', ');
}

export type CommandName = keyof typeof COMMAND_FLAGS;

/** The words after the command that each command takes. */
export const COMMAND_ARGUMENTS: Record<CommandName, number> = {
	explorer: 0,
	ls: 0,
	shards: 1,
	serve: 0,
	tail: 1,
	put: 1,
	copy: 2,
	consumers: 1,
	stats: 1,
};

export function isCommand(name: string): name is CommandName {
	return Object.hasOwn(COMMAND_FLAGS, name);
}

/** The flags that appear in argv, by their camelCase names (`--no-demo` counts as `demo`). */
export function givenFlags(argv: readonly string[]): Set<FlagName> {
	const given = new Set<FlagName>();
	for (const argument of argv) {
		if (argument === '--') {
			break;
		}
		// A lone - is a value (standard input), as a negative number is.
		if (!argument.startsWith('-') || /^-(?:\d|$)/.test(argument)) {
			continue;
		}
		const flag = flagOf(argument);
		if (!flag) {
			throw new UsageError(`Unknown flag ${safeInput(argument.split('=')[0] ?? '')} (see --help).`);
		}
		given.add(flag.name);
	}
	return given;
}

/**
 * The flag of the table an argument gives, by its camelCase name: `--no-demo` is demo turned off,
 * `--region=eu-west-1` carries its value. Undefined for anything else.
 */
export function flagOf(
	argument: string,
): {name: FlagName; negated: boolean; value: string | undefined} | undefined {
	const match = /^--(no-)?([a-z][a-z-]*)(?:=([\s\S]*))?$/.exec(argument);
	const name = match?.[2]?.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
	return match && name !== undefined && Object.hasOwn(FLAGS, name)
		? {name: name as FlagName, negated: match[1] !== undefined, value: match[3]}
		: undefined;
}

export function flagText(flag: FlagName): string {
	return `--${flag.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
