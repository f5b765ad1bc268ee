import {describe, expect, it} from 'vitest';
import {readArgv} from '../../source/argv.js';
import {UsageError} from '../../source/config.js';

/** The flags argv gave, without those it left at their defaults. */
const given = (argv: string[]) => {
	const {input, flags} = readArgv(argv);
	const defaults = readArgv([]).flags as Record<string, unknown>;
	return {
		input,
		flags: Object.fromEntries(
			Object.entries(flags).filter(
				([name, value]) => JSON.stringify(value) !== JSON.stringify(defaults[name]),
			),
		),
	};
};

describe('argv', () => {
	it('reads words and flags, each of the type its table gives it', () => {
		expect(given(['tail', 's', '--max', '5', '--json', '--from=trim-horizon'])).toEqual({
			input: ['tail', 's'],
			flags: {max: 5, json: true, from: 'trim-horizon'},
		});
		expect(readArgv([]).flags).toMatchObject({local: false, demo: false, demoRate: 4, where: []});
		expect(given(['--local', '--no-demo', '--demo-rate', '20'])).toEqual({
			input: [],
			flags: {local: true, demoRate: 20},
		});
		expect(given(['--read-only=false', '--local=true']).flags).toEqual({local: true});
		expect(given(['tail', 's', '--where', 'a=1', '--where=b=2']).flags).toEqual({
			where: ['a=1', 'b=2'],
		});
	});

	it('takes a lone - and a negative number as values, other words with a - as flags', () => {
		expect(given(['put', 's', '--file', '-']).flags).toEqual({file: '-'});
		expect(given(['--demo-rate', '-1']).flags).toEqual({demoRate: -1});
		expect(given(['put', 's', '--explicit-hash-key', '-1']).flags).toEqual({
			explicitHashKey: '-1',
		});
		// A value left out: the flag has none, which the command line then says.
		expect(given(['stats', 's', '--since', '-5m'])).toEqual({input: ['stats', 's'], flags: {}});
		expect(given(['put', 's', '--data', '--json'])).toEqual({
			input: ['put', 's'],
			flags: {json: true},
		});
		expect(readArgv(['serve', '--port']).flags.port).toBeUndefined();
		expect(readArgv(['tail', 's', '--where']).flags.where).toBeUndefined();
		expect(readArgv(['serve', '--port=']).flags.port).toBeNaN();
		expect(readArgv(['serve', '--port', 'abc']).flags.port).toBeNaN();
	});

	it('leaves unknown flags out (the command line refuses them), and reads words after --', () => {
		expect(given(['--bogus', 'ls', '-x'])).toEqual({input: ['ls'], flags: {}});
		expect(given(['tail', '--', '--json', 's'])).toEqual({
			input: ['tail', '--json', 's'],
			flags: {},
		});
	});

	it('refuses a flag given twice, unless it may be given more than once', () => {
		expect(() => readArgv(['ls', '--region', 'a', '--region=b'])).toThrow(UsageError);
		expect(() => readArgv(['ls', '--json', '--json'])).toThrow(/^--json is given more than once/);
		expect(given(['consumers', 's', '--kcl-table', 'a', '--kcl-table', 'b']).flags).toEqual({
			kclTable: ['a', 'b'],
		});
	});
});
