import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {READ_OPERATIONS} from '../../source/kinesis/client.js';
import {runCli, startCli} from '../support/cli.js';
import {type FaultStats, faults, startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';

/**
 * Every flag given wrong values: one clear line on stderr, nothing on stdout, the exit code --help
 * documents, and nothing sent: each run points at a proxy of its own, which counts what reaches it.
 */

const writes = (stats: FaultStats) =>
	Object.keys(stats.operations).filter((operation) => !READ_OPERATIONS.has(operation));

let directory = '';
let client: KinesisClient;
const stream = uniqueName('bad-input');

beforeAll(async () => {
	directory = await mkdtemp(path.join(tmpdir(), 'kinesis-explorer-bad-input-'));
	await writeFile(path.join(directory, 'broken.ndjson'), '{"ok":1}\n{"broken":\n{"ok":2}\n');
	await writeFile(path.join(directory, 'good.ndjson'), '{"ok":1}\n');
	await writeFile(
		path.join(directory, 'broken.pem'),
		'-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n',
	);
	client = localClient();
	await createActiveStream(client, {name: stream, shardCount: 1});
});
afterAll(async () => {
	client?.destroy();
	await rm(directory, {recursive: true, force: true});
});

const file = (name: string) => path.join(directory, name);
const long = 'x'.repeat(300);
const escape = '\u001b]0;owned\u0007\u001b[2J';

/**
 * [what, arguments, message, environment]: each is bad usage, exit code 2, found before any call is
 * made.
 */
const USAGE: Array<[string, () => string[], RegExp, Record<string, string>?]> = [
	['tail without a stream', () => ['tail'], /^tail needs a stream/],
	['an empty stream name', () => ['tail', ''], /^"" is not a stream name/],
	['a stream name too long', () => ['tail', long], /^"x{64}…" is not a stream name/],
	['a stream name with escapes', () => ['shards', escape], /^"␛]0;owned␇␛\[2J" is not a stream/],
	['a put to a bad stream name', () => ['put', 'a b', '--data', 'x'], /is not a stream name/],
	['--from unknown', () => ['tail', 's', '--from', 'yesterday'], /^--from "yesterday" is not a/],
	[
		'--from a malformed sequence number',
		() => ['tail', 's', '--shard', '1', '--from', 'at-sequence:12ab'],
		/"12ab" is not a sequence number/,
	],
	[
		'--from a malformed timestamp',
		() => ['tail', 's', '--from', 'at-timestamp:2026-13-45T99:00:00Z'],
		/is not a time/,
	],
	[
		'--from a sequence number without a shard',
		() => ['tail', 's', '--from', 'after-sequence:1'],
		/belongs to one shard/,
	],
	['--max 0', () => ['tail', 's', '--max', '0'], /^--max is a number of records, 1 or more/],
	['--max not a number', () => ['tail', 's', '--max', 'many'], /^--max needs a value \(a number\)/],
	['--max a fraction', () => ['tail', 's', '--max', '1.5'], /^--max is a number of records/],
	['--shard malformed', () => ['tail', 's', '--shard', 'shard 1!'], /^--shard "shard 1!" is not/],
	['--efo empty', () => ['tail', 's', '--efo', ''], /^--efo needs a value/],
	['--efo with escapes', () => ['tail', 's', '--efo', escape], /^--efo "␛]0;owned␇␛\[2J" is not/],
	['put with neither --data nor --file', () => ['put', 's'], /--data <text> or --file <path>/],
	['put with both', () => ['put', 's', '--data', 'x', '--file', 'f'], /one of them/],
	['--partition-key empty', () => ['put', 's', '--data', 'x', '--partition-key', ''], /needs a/],
	[
		'--partition-key too long',
		() => ['put', 's', '--data', 'x', '--partition-key', 'k'.repeat(257)],
		/1 to 256 characters; this one has 257/,
	],
	[
		'--explicit-hash-key negative',
		() => ['put', 's', '--data', 'x', '--explicit-hash-key', '-1'],
		/--explicit-hash-key: .*0 to 2\^128/,
	],
	[
		'--explicit-hash-key out of range',
		() => ['put', 's', '--data', 'x', '--explicit-hash-key', (2n ** 128n).toString()],
		/at most 2\^128−1/,
	],
	[
		'--format unknown',
		() => ['put', 's', '--file', 'f', '--format', 'xml'],
		/^--format is one of ndjson, json, text/,
	],
	['--port out of range', () => ['serve', '--port', '70000'], /^--port is a port number/],
	['--buffer too small', () => ['--buffer', '5'], /^--buffer is the records the tail keeps/],
	['--demo-rate negative', () => ['ls', '--demo-rate', '-1'], /^--demo-rate is records per/],
	['--region malformed', () => ['ls', '--region', 'Mars 1'], /^--region: "Mars 1" is not a region/],
	['--endpoint-url not a URL', () => ['ls', '--endpoint-url', 'nowhere'], /is not a URL/],
	['a flag given twice', () => ['ls', '--region', 'a', '--region', 'b'], /^--region is given more/],
	['--profile empty', () => ['ls', '--profile', ''], /^--profile needs a value/],
	[
		'--ca-bundle naming a missing file',
		() => ['ls', '--ca-bundle', file('nope.pem')],
		/^--ca-bundle: cannot read ".*nope\.pem": no such file\.$/,
	],
	[
		'--ca-bundle naming a directory',
		() => ['tail', 's', '--ca-bundle', directory],
		/^--ca-bundle: ".*" is not a file\.$/,
	],
	[
		'--ca-bundle naming a file with no certificate',
		() => ['put', 's', '--data', 'x', '--ca-bundle', file('good.ndjson')],
		/^--ca-bundle: ".*good\.ndjson" holds no certificate/,
	],
	[
		'--ca-bundle naming a certificate that cannot be read',
		() => ['shards', 's', '--ca-bundle', file('broken.pem')],
		/^--ca-bundle: certificate 1 of ".*broken\.pem" cannot be read\.$/,
	],
	[
		'AWS_CA_BUNDLE naming a missing file',
		() => ['ls'],
		/^AWS_CA_BUNDLE: cannot read ".*nope\.pem": no such file\.$/,
		{AWS_CA_BUNDLE: '/no/such/dir/nope.pem'},
	],
	['an unknown command with escapes', () => [escape], /^Unknown command "␛]0;owned␇␛\[2J"/],
	['an unknown flag', () => ['ls', `--${'z'.repeat(200)}`], /^Unknown flag --z{62}…/],
	['a flag of another command', () => ['ls', '--max', '3'], /^--max does not apply to ls/],
];

describe('bad input on the command line', () => {
	it.concurrent.each(USAGE)(
		'%s: one line, exit code 2, no call made',
		async (_, args, message, env) => {
			const proxy = await startFaultProxy(localSettings().endpoint ?? '');
			const given = args();
			// serve takes no endpoint, and a bad one is the point of one case: the others get the proxy.
			const pointed =
				given[0] === 'serve' || given.includes('--endpoint-url')
					? given
					: [...given, '--endpoint-url', proxy.url];
			const result = await runCli(pointed, {env});
			await proxy.close();
			expect(result.code).toBe(2);
			expect(result.stdout).toBe('');
			const lines = result.stderr.split('\n');
			expect(lines).toHaveLength(2);
			expect(lines[0]).toMatch(/^kinesis-explorer: /);
			expect(lines[0]?.slice('kinesis-explorer: '.length)).toMatch(message);
			expect(result.stderr).not.toContain('\u001b');
			expect(proxy.stats.requests).toBe(0);
		},
	);

	/** [what, arguments, exit code, message]: found once the service answers; still nothing written. */
	const FOUND_LATER: Array<[string, () => string[], number, RegExp]> = [
		[
			'an unknown stream to tail',
			() => ['tail', 'no-such-stream'],
			1,
			/"no-such-stream" not found/,
		],
		['an unknown stream to list shards of', () => ['shards', 'no-such-stream'], 1, /not found/],
		[
			'an unknown shard',
			() => ['tail', stream, '--shard', 'shardId-000000000042'],
			2,
			/has no shard "shardId-000000000042"\. Its shards: shardId-000000000000/,
		],
		['a file that does not exist', () => ['put', stream, '--file', file('nope')], 2, /cannot read/],
		[
			'a file with a broken line',
			() => ['put', stream, '--file', file('broken.ndjson')],
			2,
			/nothing was sent[^\n]*\n {2}\S*broken\.ndjson:2: Not JSON/,
		],
		[
			'--partition-key-field on a record without it',
			() => ['put', stream, '--file', file('good.ndjson'), '--partition-key-field', 'user.id'],
			2,
			/nothing was sent/i,
		],
	];

	it.concurrent.each(FOUND_LATER)(
		'%s: a clear message, exit code %i, nothing written',
		async (_, args, code, message) => {
			const proxy = await startFaultProxy(localSettings().endpoint ?? '');
			const result = await runCli([...args(), '--endpoint-url', proxy.url]);
			await proxy.close();
			expect(result.code).toBe(code);
			expect(result.stdout).toBe('');
			expect(result.stderr).toMatch(/^kinesis-explorer: /);
			expect(result.stderr).toMatch(message);
			expect(writes(proxy.stats)).toEqual([]);
		},
	);
});

describe('stopped with ctrl+c', () => {
	it('ls ends at once with exit code 130, as --help says, printing nothing', async () => {
		// Every description hangs: an ls that did not listen for ctrl+c would wait them out, then list.
		const proxy = await startFaultProxy(localSettings().endpoint ?? '', (request) =>
			request.operation === 'DescribeStreamSummary' ? faults.stall(30_000) : undefined,
		);
		const child = startCli(['ls', '--endpoint-url', proxy.url]);
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString('utf8');
		});
		const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
		await vi.waitFor(
			() => expect(proxy.stats.operations.DescribeStreamSummary).toBeGreaterThan(0),
			{
				timeout: 20_000,
			},
		);
		child.kill('SIGINT');
		const code = await exited;
		await proxy.close();
		expect(code).toBe(130);
		expect(stdout).toBe('');
	});
});
