import {describe, expect, it} from 'vitest';
import type {ParsedFlags} from '../../source/flags.js';
import {parseInvocation, readCommandLine} from '../../source/command-line.js';
import {UsageError} from '../../source/config.js';

const VALUE_FLAGS = new Set([
	'--data',
	'--file',
	'--format',
	'--partition-key',
	'--partition-key-field',
	'--explicit-hash-key',
	'--endpoint-url',
]);

/** What readArgv makes of argv: the words that are not flags or their values. */
const parse = (argv: string[], flags: ParsedFlags) =>
	parseInvocation(
		argv.filter(
			(argument, index) => !argument.startsWith('-') && !VALUE_FLAGS.has(argv[index - 1] ?? ''),
		),
		{
			local: false,
			readOnly: false,
			json: false,
			demo: false,
			demoRate: 4,
			skipInvalid: false,
			ordered: false,
			...flags,
		},
		argv,
	);

describe('put on the command line', () => {
	it('takes a stream and --data, with a key and an explicit hash key', () => {
		expect(
			parse(
				[
					'put',
					'clicks',
					'--data',
					'hi',
					'--partition-key',
					'k',
					'--explicit-hash-key',
					'007',
					'--json',
				],
				{
					data: 'hi',
					partitionKey: 'k',
					explicitHashKey: '007',
					json: true,
				},
			),
		).toEqual({
			command: 'put',
			connection: expect.any(Object),
			stream: 'clicks',
			source: {kind: 'data', data: 'hi'},
			partitionKey: 'k',
			partitionKeyField: undefined,
			explicitHashKey: '7',
			format: undefined,
			skipInvalid: false,
			ordered: false,
			json: true,
			demo: false,
			demoRate: 4,
		});
	});

	it('takes a file with its options', () => {
		expect(
			parse(
				[
					'put',
					's',
					'--file',
					'f.json',
					'--partition-key-field',
					'user.id',
					'--skip-invalid',
					'--ordered',
					'--format',
					'json',
				],
				{
					file: 'f.json',
					partitionKeyField: 'user.id',
					skipInvalid: true,
					ordered: true,
					format: 'json',
				},
			),
		).toMatchObject({
			source: {kind: 'file', path: 'f.json'},
			partitionKeyField: 'user.id',
			skipInvalid: true,
			ordered: true,
			format: 'json',
		});
	});

	it('reads standard input for --file -, alone or after =', () => {
		expect(readCommandLine(['put', 's', '--file', '-'])).toMatchObject({source: {kind: 'stdin'}});
		expect(readCommandLine(['put', 's', '--file=-', '--json'])).toMatchObject({
			source: {kind: 'stdin'},
			json: true,
		});
	});

	it.each([
		[['put', '--data', 'x'], {data: 'x'}, /put needs a stream/],
		[['put', 's'], {}, /--data <text> or --file <path> \(- for standard input\): one of them/],
		[['put', 's', 't', '--data', 'x'], {data: 'x'}, /put takes one stream, not also "t"/],
		[
			['put', 's', '--file', 'f', '--partition-key', 'a', '--partition-key-field', 'b'],
			{file: 'f', partitionKey: 'a', partitionKeyField: 'b'},
			/cannot be used together/,
		],
		[
			['put', 's', '--data', 'x', '--ordered'],
			{data: 'x', ordered: true},
			/--ordered applies to --file only/,
		],
		[
			['put', 's', '--data', 'x', '--partition-key', 'k'.repeat(257)],
			{data: 'x', partitionKey: 'k'.repeat(257)},
			/--partition-key: A partition key is 1 to 256/,
		],
		[
			['put', 's', '--data', 'x', '--explicit-hash-key', '1e3'],
			{data: 'x', explicitHashKey: '1e3'},
			/--explicit-hash-key: A hash key is a decimal/,
		],
		[
			['put', 's', '--file', 'f', '--format', 'xml'],
			{file: 'f', format: 'xml'},
			/--format is one of ndjson, json, text/,
		],
		[
			['put', 's', '--file', 'f', '--format', 'text', '--partition-key-field', 'a'],
			{file: 'f', format: 'text', partitionKeyField: 'a'},
			/needs JSON records/,
		],
		[['ls', '--data', 'x'], {data: 'x'}, /--data does not apply to ls/],
	])('refuses %j', (argv, flags, message) => {
		expect(() => parse(argv, flags as ParsedFlags)).toThrow(UsageError);
		expect(() => parse(argv, flags as ParsedFlags)).toThrow(message);
	});
});
