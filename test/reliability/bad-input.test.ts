import {existsSync, readFileSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, type ExpectStatic, it, vi} from 'vitest';
import {READ_OPERATIONS} from '../../source/kinesis/client.js';
import {type CliResult, runCli, startCli} from '../support/cli.js';
import {DYNAMODB_READ_OPERATIONS} from '../../source/kinesis/dynamodb-client.js';
import {useOwnDynamoDB} from '../support/dynamodb.js';
import {type FaultStats, faults, startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {kcl2Lease} from '../support/leases.js';

/**
 * Every flag given wrong values: one clear line on stderr, nothing on stdout, the exit code --help
 * documents, and nothing sent: each run points at a proxy of its own, which counts what reaches it.
 */

const writes = (stats: FaultStats) =>
	Object.keys(stats.operations).filter((operation) => !READ_OPERATIONS.has(operation));

let directory = '';
let client: KinesisClient;
const stream = uniqueName('bad-input');
/** A stream to copy into: a copy whose source position is wrong must not write here either. */
const target = uniqueName('bad-input-target');
const dynamodb = useOwnDynamoDB();

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
	await createActiveStream(client, {name: target, shardCount: 1});
	await dynamodb.createTable('orders-by-id', 'id');
	await dynamodb.createTable('other-stream-app');
	await dynamodb.put(
		'other-stream-app',
		kcl2Lease({shardId: 'shardId-000000000003', owner: 'w', checkpoint: 'LATEST'}),
	);
});
afterAll(async () => {
	client?.destroy();
	await rm(directory, {recursive: true, force: true});
});

const file = (name: string) => path.join(directory, name);
const escape = '\u001b]0;owned\u0007\u001b[2J';

/** One line on stderr that says what is wrong, made safe; nothing on stdout; exit code 2. */
function expectUsageError(result: CliResult, message: RegExp, expect: ExpectStatic) {
	expect(result.code).toBe(2);
	expect(result.stdout).toBe('');
	const lines = result.stderr.split('\n');
	expect(lines).toHaveLength(2);
	expect(lines[0]).toMatch(/^kinesis-explorer: /);
	expect(lines[0]?.slice('kinesis-explorer: '.length)).toMatch(message);
	expect(result.stderr).not.toContain('\u001b');
}

/**
 * [what, arguments, message, environment]: bad usage, exit code 2, found before any call is made or
 * anything is started. Every case of the command line alone is in test/unit/bad-usage, and of the
 * CA bundle in test/unit/config (each a process here costs a third of a second of CPU): one of each
 * kind goes through the built CLI end to end here (argv, a time, a certificate, the environment,
 * escapes). A write refused (copy --read-only) is test/integration/copy-command's, end to end too.
 */
const USAGE: Array<[string, () => string[], RegExp, Record<string, string>?]> = [
	['a flag given twice', () => ['ls', '--region', 'a', '--region', 'b'], /^--region is given more/],
	[
		// Read only where a connection over TLS trusts it: here DynamoDB's.
		'--ca-bundle naming a certificate that cannot be read',
		() => [
			'shards',
			's',
			'--ca-bundle',
			file('broken.pem'),
			'--dynamodb-endpoint-url',
			'https://127.0.0.1:9',
		],
		/^--ca-bundle: certificate 1 of ".*broken\.pem" cannot be read\.$/,
	],
	[
		'AWS_CA_BUNDLE naming a missing file',
		() => ['ls'],
		/^AWS_CA_BUNDLE: cannot read ".*nope\.pem": no such file\.$/,
		{AWS_CA_BUNDLE: '/no/such/dir/nope.pem'},
	],
	['an unknown command with escapes', () => [escape], /^Unknown command "␛]0;owned␇␛\[2J"/],
	[
		'--until before --from',
		() => ['tail', 's', '--from', 'at-timestamp:1h', '--until', '2h'],
		/^--until "2h" \(\S+\) is not after --from \(\S+\): the window would hold nothing\.$/,
	],
];

/** A file for the spawn probe to write in: what the CLI started, if anything. */
const spawned = () => path.join(directory, `spawned-${Math.random().toString(36).slice(2)}.log`);
const PROBE = path.resolve(import.meta.dirname, '../support/spawn-probe.mjs');

// Each test runs its own process against a proxy of its own, and writes nothing: all side by side.
describe.concurrent('bad input on the command line', () => {
	it('the spawn probe sees the engine that a command starts', async ({expect, onTestFinished}) => {
		const log = spawned();
		const child = startCli(['ls', '--local', '--no-demo'], {
			NODE_OPTIONS: `--import=${PROBE}`,
			SPAWN_PROBE_LOG: log,
		});
		const exited = new Promise((resolve) => child.once('exit', resolve));
		onTestFinished(() => {
			child.kill('SIGKILL');
		});
		await vi.waitFor(
			() => {
				expect(existsSync(log)).toBe(true);
				expect(readFileSync(log, 'utf8')).toContain(JSON.stringify(process.execPath));
			},
			{timeout: 60_000, interval: 20},
		);
		// Seen: the command need not go on to start the engine and list (its engine ends with it, as its
		// standard input closes).
		child.kill('SIGKILL');
		await exited;
	});

	it.for(USAGE)(
		'%s: one line, exit code 2, no call made',
		async ([, args, message, env], {expect}) => {
			const proxy = await startFaultProxy(localSettings().endpoint ?? '');
			const result = await runCli([...args(), '--endpoint-url', proxy.url], {env});
			await proxy.close();
			expectUsageError(result, message, expect);
			expect(proxy.stats.requests).toBe(0);
		},
	);

	it('a malformed --endpoint-url: one line, exit code 2, and the endpoint of the environment is not used instead', async ({
		expect,
	}) => {
		const proxy = await startFaultProxy(localSettings().endpoint ?? '');
		const result = await runCli(['ls', '--endpoint-url', 'nowhere'], {
			env: {AWS_ENDPOINT_URL_KINESIS: proxy.url},
		});
		await proxy.close();
		expectUsageError(result, /^--endpoint-url: "nowhere" is not a URL/, expect);
		expect(proxy.stats.requests).toBe(0);
	});

	// --host is checked where --port is, as the command line is read (test/unit/bad-usage has both).
	it('serve with --port out of range: one line, exit code 2, no engine started', async ({
		expect,
	}) => {
		const log = spawned();
		const result = await runCli(['serve', '--port', '70000'], {
			env: {NODE_OPTIONS: `--import=${PROBE}`, SPAWN_PROBE_LOG: log},
		});
		expectUsageError(result, /^--port is a port number/, expect);
		expect(existsSync(log)).toBe(false);
	});

	/**
	 * [what, arguments, exit code, message, standard input]: found once the service answers or the
	 * input is read; still nothing written. A tail's unknown stream, unknown shard and sequence
	 * number no shard holds are test/integration/tail-command's (a polling tail has no write to make),
	 * a copy into an unknown stream test/integration/copy-command's, each end to end.
	 */
	const FOUND_LATER: Array<[string, () => string[], number, RegExp, string?]> = [
		['an unknown stream to list shards of', () => ['shards', 'no-such-stream'], 1, /not found/],
		['an unknown stream to measure', () => ['stats', 'no-such-stream'], 1, /not found/],
		[
			'--since beyond the stream’s retention',
			() => ['stats', stream, '--since', '25h'],
			2,
			/^kinesis-explorer: --since: \S+ is beyond the stream's retention period \(24 hours\)[^\n]*\n$/,
		],
		['a file that does not exist', () => ['put', stream, '--file', file('nope')], 2, /cannot read/],
		[
			'a file with a broken line',
			() => ['put', stream, '--file', file('broken.ndjson')],
			2,
			/nothing was sent[^\n]*\n {2}\S*broken\.ndjson:2: Not JSON/,
		],
		[
			'a copy from a sequence number no shard holds',
			() => ['copy', stream, target, '--from', 'at-sequence:12345'],
			2,
			/^kinesis-explorer: No shard of ".*" holds the sequence number 12345 [^\n]*\n$/,
		],
		[
			'a line of standard input that is not a record',
			() => ['put', stream, '--file', '-'],
			2,
			/nothing was sent[^\n]*\n {2}stdin:2: Not JSON/,
			'{"ok":1}\n{"broken":\n',
		],
		[
			'--partition-key-field on a record without it',
			() => ['put', stream, '--file', file('good.ndjson'), '--partition-key-field', 'user.id'],
			2,
			/nothing was sent/i,
		],
	];

	it.for(FOUND_LATER)(
		'%s: a clear message, its exit code, nothing written',
		async ([, args, code, message, input], {expect}) => {
			const proxy = await startFaultProxy(localSettings().endpoint ?? '');
			const result = await runCli([...args(), '--endpoint-url', proxy.url], {input});
			await proxy.close();
			expect(result.code).toBe(code);
			expect(result.stdout).toBe('');
			expect(result.stderr).toMatch(/^kinesis-explorer: /);
			expect(result.stderr).toMatch(message);
			expect(writes(proxy.stats)).toEqual([]);
		},
	);
});

describe.concurrent('consumers given a table that is not the stream’s lease table', () => {
	it.for([
		[
			'an unknown table',
			'no-such-app',
			/^No table "no-such-app" in DynamoDB at http:\/\/127\.0\.0\.1:\d+/,
		],
		[
			'a table that is not a lease table',
			'orders-by-id',
			/^"orders-by-id" is not a KCL lease table: its key is id \(HASH\), a lease table's is leaseKey\.$/,
		],
		[
			'a lease table of another stream',
			'other-stream-app',
			/^"other-stream-app" is the lease table of another stream: ".*" has no shard "shardId-000000000003"\.$/,
		],
	] as const)(
		'%s: one line, exit code 2, nothing written anywhere',
		async ([, table, message], {expect}) => {
			const kinesis = await startFaultProxy(localSettings().endpoint ?? '');
			const lease = await startFaultProxy(dynamodb.endpoint);
			const result = await runCli([
				'consumers',
				stream,
				'--kcl-table',
				table,
				'--endpoint-url',
				kinesis.url,
				'--dynamodb-endpoint-url',
				lease.url,
			]);
			await kinesis.close();
			await lease.close();
			expectUsageError(result, message, expect);
			expect(writes(kinesis.stats)).toEqual([]);
			expect(
				Object.keys(lease.stats.operations).filter(
					(operation) => !DYNAMODB_READ_OPERATIONS.has(operation),
				),
			).toEqual([]);
		},
	);
});

describe.concurrent('stopped with ctrl+c', () => {
	it('ls ends at once with exit code 130, as --help says, printing nothing', async ({expect}) => {
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
