import {describe, expect, it} from 'vitest';
import {runCli} from '../support/cli.js';

describe('the command line', () => {
	it('documents every command and flag in --help, with examples and exit codes', async () => {
		const {code, stdout} = await runCli(['--help']);
		expect(code).toBe(0);
		for (const text of [
			'kinesis-explorer [options]',
			'kinesis-explorer ls [--json]',
			'kinesis-explorer shards <stream> [--json]',
			'kinesis-explorer serve [--port <n>] [--demo]',
			'kinesis-explorer tail <stream> [--shard <id>|all] [--from <position>] [--max <n>] [--json] [--efo <consumer>]',
			'trim-horizon | latest | at-sequence:<seq> | after-sequence:<seq> | at-timestamp:<ISO 8601 | 10m | 2h | 1d>',
			'--local',
			'--endpoint-url <url>',
			'--region <region>',
			'--profile <name>',
			'--read-only',
			'--json',
			'--port <n>',
			'--host <address>',
			'--demo-rate <n>',
			'--version',
			'AWS_ENDPOINT_URL_KINESIS',
			'Exit codes',
			'Examples',
		]) {
			expect(stdout).toContain(text);
		}
	});

	it.each([
		[['--bogus'], 'Unknown flag --bogus (see --help).'],
		[['frob'], 'Unknown command "frob". Commands: ls, shards, serve, tail, put (see --help).'],
		[['ls', '--port', '1'], '--port does not apply to ls (see --help).'],
		[
			['--endpoint-url', 'localhost:4566'],
			'--endpoint-url: "localhost:4566" must start with http:// or https://.',
		],
		[
			['--local', '--endpoint-url', 'http://x:1'],
			'--local and --endpoint-url cannot be used together: pick one.',
		],
	])('refuses %j with one line and exit code 2, changing nothing', async (args, message) => {
		expect(await runCli(args)).toEqual({
			code: 2,
			stdout: '',
			stderr: `kinesis-explorer: ${message}\n`,
		});
	});

	it('explains, instead of failing, when the explorer is not given a terminal', async () => {
		const result = await runCli(['--local']);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(
			'kinesis-explorer: the explorer needs an interactive terminal, and stdin is not one. For scripts, use the commands (ls, serve): see --help.\n',
		);
	});
});
