import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {DEFAULT_SERVE_PORT, givenFlags, type ParsedFlags} from '../../source/flags.js';
import {parseInvocation, readCommandLine} from '../../source/command-line.js';
import {HELP} from '../../source/help-text.js';
import {UsageError} from '../../source/config.js';

const VALUE_FLAGS = new Set([
	'--endpoint-url',
	'--region',
	'--profile',
	'--port',
	'--host',
	'--demo-rate',
	'--failover',
	'--kcl-table',
]);

/** What readArgv makes of argv: the words that are not flags or their values, and the flags, booleans it was not given false. */
const parse = (argv: string[], flags: ParsedFlags) => {
	const input = argv.filter(
		(argument, index) => !argument.startsWith('-') && !VALUE_FLAGS.has(argv[index - 1] ?? ''),
	);
	return parseInvocation(
		input,
		{local: false, readOnly: false, json: false, demo: false, demoRate: 4, ...flags},
		argv,
	);
};

describe('command line', () => {
	it('asks for the help or the version wherever --help or --version is given, before a --', () => {
		const help = `\n${HELP.replace(/^\n+|\s+$/g, '')}\n\n`;
		for (const argv of [['--help'], ['ls', '--help'], ['tail', 's', '--from', '--help']]) {
			expect(readCommandLine(argv), argv.join(' ')).toEqual({command: 'help', text: help});
		}
		const {version} = JSON.parse(readFileSync('package.json', 'utf8')) as {version: string};
		expect(readCommandLine(['put', 's', '--version'])).toEqual({
			command: 'version',
			text: `${version}\n`,
		});
		// After --, a word is a word: `put s -- --help` names a second stream.
		expect(() => readCommandLine(['put', 's', '--', '--help'])).toThrow(
			'put takes one stream, not also "--help"',
		);
	});

	it('opens the explorer by default, with demo streams only on the embedded engine', () => {
		expect(parse([], {})).toMatchObject({command: 'explorer', demo: false, demoRate: 4});
		expect(parse(['--local'], {local: true})).toMatchObject({command: 'explorer', demo: true});
		expect(parse(['--local', '--no-demo'], {local: true, demo: false})).toMatchObject({
			demo: false,
		});
		expect(parse(['--local', '--demo-rate', '20'], {local: true, demoRate: 20})).toMatchObject({
			demoRate: 20,
		});
	});

	it("takes the KCL applications' lease tables and failover time for the consumers view", () => {
		expect(parse([], {})).toMatchObject({command: 'explorer', tables: [], failoverMs: 10_000});
		expect(
			parse(['--kcl-table', 'orders-app', '--failover', '30s'], {
				kclTable: ['orders-app'],
				failover: '30s',
			}),
		).toMatchObject({tables: ['orders-app'], failoverMs: 30_000});
	});

	it('passes the connection flags through', () => {
		expect(
			parse(['--endpoint-url', 'http://localhost:4566', '--read-only'], {
				endpointUrl: 'http://localhost:4566',
				readOnly: true,
			}),
		).toMatchObject({connection: {endpointUrl: 'http://localhost:4566', readOnly: true}});
	});

	it('parses ls and serve', () => {
		expect(parse(['ls', '--json'], {json: true})).toMatchObject({command: 'ls', json: true});
		expect(parse(['serve'], {})).toEqual({
			command: 'serve',
			port: DEFAULT_SERVE_PORT,
			demo: false,
			demoRate: 4,
		});
		expect(parse(['serve', '--port', '5000', '--demo'], {port: 5000, demo: true})).toMatchObject({
			port: 5000,
			demo: true,
		});
		for (const host of ['0.0.0.0', '192.168.1.20', '::', '::1']) {
			expect(parse(['serve', '--host', host], {host})).toMatchObject({command: 'serve', host});
		}
	});

	it('parses shards with its stream', () => {
		expect(parse(['shards', 'clickstream', '--json'], {json: true})).toMatchObject({
			command: 'shards',
			stream: 'clickstream',
			json: true,
		});
		expect(parse(['shards', 'clickstream', '--local'], {local: true})).toMatchObject({
			stream: 'clickstream',
			json: false,
			demo: true,
			connection: {local: true},
		});
	});

	it.each([
		[['shards'], {}, /shards takes one argument, the stream's name/],
		[['shards', 'a', 'b'], {}, /shards takes one stream, not also "b"/],
		[['shards', 'a', '--port', '1'], {port: 1}, /--port does not apply to shards/],
		[['frob'], {}, /Unknown command "frob"/],
		[['--bogus'], {}, /Unknown flag --bogus/],
		[['-x'], {}, /Unknown flag -x/],
		[['--json'], {json: true}, /--json does not apply to the explorer/],
		[['serve', '--region', 'eu-west-1'], {region: 'eu-west-1'}, /--region does not apply to serve/],
		[['ls', 'extra'], {}, /takes no argument "extra"/],
		[['serve', '--port'], {port: undefined}, /--port needs a value/],
		[['serve', '--port', 'abc'], {port: Number.NaN}, /--port needs a value \(a number\)/],
		[['serve', '--port', '70000'], {port: 70_000}, /from 1 to 65535/],
		[['serve', '--host', 'localhost'], {host: 'localhost'}, /^--host "localhost" is not an IP/],
		[['serve', '--host', '256.1.1.1'], {host: '256.1.1.1'}, /^--host "256\.1\.1\.1" is not/],
		[['serve', '--host', 'fe80::1%eth0'], {host: 'fe80::1%eth0'}, /^--host "fe80::1%eth0" is/],
		[['serve', '--host', ''], {host: ''}, /^--host needs a value/],
		[['--local', '--host', '0.0.0.0'], {host: '0.0.0.0'}, /--host does not apply to the/],
		[['--endpoint-url='], {endpointUrl: ''}, /--endpoint-url needs a value/],
		[['--local', '--demo-rate', '-1'], {local: true, demoRate: -1}, /--demo-rate/],
	])('refuses %j', (argv, flags, message) => {
		expect(() => parse(argv, flags)).toThrow(UsageError);
		expect(() => parse(argv, flags)).toThrow(message);
	});

	it("takes consumers' failover time, the KCL's 10 s when left out", () => {
		expect(parse(['consumers', 's'], {})).toMatchObject({command: 'consumers', failoverMs: 10_000});
		for (const [text, ms] of [
			['30s', 30_000],
			['1500ms', 1500],
			['2m', 120_000],
			['2.5s', 2500],
		] as const) {
			expect(parse(['consumers', 's', '--failover', text], {failover: text})).toMatchObject({
				failoverMs: ms,
			});
		}
	});

	it('reads which flags were given, stopping at --', () => {
		expect([...givenFlags(['--no-demo', '--endpoint-url=http://x', '--', '--bogus'])]).toEqual([
			'demo',
			'endpointUrl',
		]);
	});
});
