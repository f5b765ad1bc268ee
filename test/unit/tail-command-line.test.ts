import {describe, expect, it} from 'vitest';
import type {ParsedFlags} from '../../source/flags.js';
import {parseInvocation} from '../../source/command-line.js';
import {UsageError} from '../../source/config.js';

const VALUE_FLAGS = new Set([
	'--endpoint-url',
	'--shard',
	'--from',
	'--until',
	'--grep',
	'--where',
	'--max',
	'--efo',
	'--buffer',
]);
const NOW = new Date('2024-05-01T12:00:00.000Z');

const parse = (argv: string[], flags: ParsedFlags = {}) => {
	const input = argv.filter(
		(argument, index) => !argument.startsWith('-') && !VALUE_FLAGS.has(argv[index - 1] ?? ''),
	);
	return parseInvocation(input, {demoRate: 4, ...flags}, argv, NOW);
};

describe('the tail command line', () => {
	it('tails every shard from LATEST by default', () => {
		expect(parse(['tail', 'clicks'])).toEqual({
			command: 'tail',
			connection: {},
			stream: 'clicks',
			shard: undefined,
			position: {type: 'LATEST'},
			until: undefined,
			filter: [],
			max: undefined,
			json: false,
			consumer: undefined,
			demo: false,
			demoRate: 4,
		});
	});

	it('takes a shard, a position, a maximum, JSON and a fan-out consumer', () => {
		const argv = [
			'tail',
			'clicks',
			'--shard',
			'3',
			'--from',
			'at-sequence:4959',
			'--max',
			'10',
			'--json',
			'--efo',
			'me',
		];
		expect(
			parse(argv, {shard: '3', from: 'at-sequence:4959', max: 10, json: true, efo: 'me'}),
		).toMatchObject({
			shard: 'shardId-000000000003',
			position: {type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '4959'},
			max: 10,
			json: true,
			consumer: 'me',
		});
		expect(
			parse(['tail', 'c', '--shard', 'all', '--from', 'TRIM_HORIZON'], {
				shard: 'all',
				from: 'TRIM_HORIZON',
			}),
		).toMatchObject({
			shard: undefined,
			position: {type: 'TRIM_HORIZON'},
		});
		expect(
			parse(['tail', 'c', '--from', 'at-timestamp:2h'], {from: 'at-timestamp:2h'}),
		).toMatchObject({
			position: {type: 'AT_TIMESTAMP', timestamp: new Date('2024-05-01T10:00:00.000Z')},
		});
	});

	it('takes a sequence number without a shard: the tail finds the shard that holds it', () => {
		expect(
			parse(['tail', 'c', '--from', 'at-sequence:12'], {from: 'at-sequence:12'}),
		).toMatchObject({
			shard: undefined,
			position: {type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '12'},
		});
	});

	it('takes a window’s end: a time as --from takes one, or now', () => {
		expect(
			parse(['tail', 'c', '--from', 'trim-horizon', '--until', 'now'], {
				from: 'trim-horizon',
				until: 'now',
			}),
		).toMatchObject({until: NOW});
		expect(
			parse(['tail', 'c', '--from', 'at-timestamp:2h', '--until', '30m'], {
				from: 'at-timestamp:2h',
				until: '30m',
			}),
		).toMatchObject({until: new Date('2024-05-01T11:30:00.000Z')});
		// From LATEST, a window that ends later.
		expect(
			parse(['tail', 'c', '--until', '2024-05-01T13:00:00Z'], {until: '2024-05-01T13:00:00Z'}),
		).toMatchObject({position: {type: 'LATEST'}, until: new Date('2024-05-01T13:00:00.000Z')});
	});

	it('takes --grep and each --where as the terms of its filter', () => {
		expect(
			parse(['tail', 'c', '--grep', 'error', '--where', 'user.id=42', '--where', 'ok=true'], {
				grep: 'error',
				where: ['user.id=42', 'ok=true'],
			}),
		).toMatchObject({
			filter: [
				{kind: 'text', text: 'error'},
				{kind: 'where', path: ['user', 'id'], value: 42},
				{kind: 'where', path: ['ok'], value: true},
			],
		});
	});

	it("takes the explorer's buffer size", () => {
		expect(parse([])).toMatchObject({command: 'explorer', buffer: 10_000});
		expect(parse(['--buffer', '500'], {buffer: 500})).toMatchObject({buffer: 500});
	});

	it.each([
		[['tail'], {}, 'tail needs a stream: kinesis-explorer tail <stream> (see --help).'],
		[['tail', 'a', 'b'], {}, 'tail takes one stream, not also "b" (see --help).'],
		[['tail', 'a b'], {}, '"a b" is not a stream name: 1 to 128 letters, digits, _ . and -.'],
		[
			['tail', 'a', '--from', 'oldest'],
			{from: 'oldest'},
			/--from "oldest" is not a position\. Positions: trim-horizon \| latest/,
		],
		[
			['tail', 'a', '--from', 'latest:5'],
			{from: 'latest:5'},
			'--from latest takes no value (found ":5").',
		],
		[
			['tail', 'a', '--shard', '1', '--from', 'at-sequence:'],
			{shard: '1', from: 'at-sequence:'},
			'--from at-sequence needs a sequence number: at-sequence:<seq>.',
		],
		[
			['tail', 'a', '--shard', '1', '--from', 'after-sequence:12x'],
			{shard: '1', from: 'after-sequence:12x'},
			'--from after-sequence: "12x" is not a sequence number: a sequence number is all digits.',
		],
		[
			['tail', 'a', '--from', 'at-timestamp:1h', '--until', '2h'],
			{from: 'at-timestamp:1h', until: '2h'},
			'--until "2h" (2024-05-01T10:00:00.000Z) is not after --from (2024-05-01T11:00:00.000Z): the window would hold nothing.',
		],
		[
			['tail', 'a', '--until', 'now'],
			{until: 'now'},
			/^--until "now" is not in the future, and --from latest starts now/,
		],
		[
			['tail', 'a', '--until', 'tomorrow'],
			{until: 'tomorrow'},
			/^--until: "tomorrow" is not a time/,
		],
		[
			['tail', 'a', '--grep', '/a(/'],
			{grep: '/a(/'},
			/^--grep "\/a\(\/": Not a regular expression/,
		],
		[['tail', 'a', '--where', 'x'], {where: ['x']}, /^--where: "x" has no =/],
		[
			['tail', 'a', '--from', 'at-timestamp:yesterday'],
			{from: 'at-timestamp:yesterday'},
			/is not a time: write ISO 8601/,
		],
		[['tail', 'a', '--max', '0'], {max: 0}, '--max is a number of records, 1 or more.'],
		[['tail', 'a', '--max', '1.5'], {max: 1.5}, '--max is a number of records, 1 or more.'],
		[['tail', 'a', '--efo', 'no spaces'], {efo: 'no spaces'}, /is not a consumer name/],
		[['tail', 'a', '--shard', 'shard/1'], {shard: 'shard/1'}, /is not a shard id/],
		[['tail', 'a', '--buffer', '5'], {buffer: 5}, '--buffer does not apply to tail (see --help).'],
		[
			['--buffer', '5'],
			{buffer: 5},
			'--buffer is the records the tail keeps, from 100 to 1000000.',
		],
		[['ls', '--from', 'latest'], {from: 'latest'}, '--from does not apply to ls (see --help).'],
	])('refuses %j with a clear message', (argv, flags, message) => {
		expect(() => parse(argv, flags)).toThrow(UsageError);
		expect(() => parse(argv, flags)).toThrow(message);
	});
});
