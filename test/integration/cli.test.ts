import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {COMMAND_FLAGS, FLAGS} from '../../source/flags.js';
import {CLI, runCli} from '../support/cli.js';

describe('the command line', () => {
	it('documents every command and flag in --help, with examples and exit codes', async () => {
		const {code, stdout} = await runCli(['--help']);
		expect(code).toBe(0);
		// The help is checked against the flag table the parser uses: a flag added there and not
		// documented fails here.
		for (const flag of Object.keys(FLAGS)) {
			const name = flag.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
			expect(stdout, `--${name}`).toMatch(new RegExp(`^ +--${name}\\b`, 'm'));
		}
		for (const command of ['ls', 'shards', 'tail', 'put', 'serve']) {
			expect(stdout, command).toMatch(new RegExp(`^ +\\$ kinesis-explorer ${command} `, 'm'));
		}
		for (const text of [
			'kinesis-explorer [options]',
			'trim-horizon | latest | at-sequence:<seq> | after-sequence:<seq> | at-timestamp:<ISO 8601 | 10m | 2h | 1d>',
			'AWS_ENDPOINT_URL_KINESIS',
			'Exit codes',
			'Examples',
		]) {
			expect(stdout).toContain(text);
		}
	});

	it('explains, instead of failing, when the explorer is not given a terminal', async () => {
		const result = await runCli(['--local']);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(
			'kinesis-explorer: the explorer needs an interactive terminal, and stdin is not one. For scripts, use the commands (ls, shards, serve, tail, put, copy, consumers, stats): see --help.\n',
		);
	});

	it("holds V8's young generation at its first size for the explorer alone, knowing every command", () => {
		// dist/cli.js tells the explorer from a command before anything loads, by the commands' names.
		const wrapper = readFileSync(CLI, 'utf8');
		const names = /\.some\(\(argument\) => (\[.*?\])\.includes\(argument\)\)/.exec(wrapper)?.[1];
		expect(new Set(JSON.parse(names ?? '[]') as string[])).toEqual(
			new Set(Object.keys(COMMAND_FLAGS).filter((command) => command !== 'explorer')),
		);
		expect(wrapper).toContain("setFlagsFromString('--semi-space-growth-factor=1')");
	});
});
