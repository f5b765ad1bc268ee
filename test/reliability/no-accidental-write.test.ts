import * as sdk from '@aws-sdk/client-kinesis';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {READ_OPERATIONS, ReadOnlyError} from '../../source/kinesis/client.js';
import {runCli} from '../support/cli.js';
import {type FaultProxy, type FaultStats, faults, startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';

/**
 * --read-only is enforced where calls leave the process, not only in the UI: every operation of the
 * Kinesis API that is not a read is refused in the client, so none reaches the proxy in front of the
 * engine. And credentials never show in anything the explorer prints.
 */

const writes = (stats: FaultStats) =>
	Object.keys(stats.operations).filter((operation) => !READ_OPERATIONS.has(operation));

/** Every command the SDK has: the API as the SDK knows it, not a list kept by hand. */
const COMMANDS = Object.entries(sdk)
	.filter(
		([name, value]) =>
			name.endsWith('Command') &&
			typeof value === 'function' &&
			typeof (value.prototype as {resolveMiddleware?: unknown}).resolveMiddleware === 'function',
	)
	.map(([name, value]) => ({
		operation: name.replace(/Command$/, ''),
		Command: value as new (input: object) => sdk.ListStreamsCommand,
	}));

let proxy: FaultProxy;
let client: KinesisClient;
const stream = uniqueName('read-only');

beforeAll(async () => {
	client = localClient();
	await createActiveStream(client, {name: stream, shardCount: 2});
	proxy = await startFaultProxy(localSettings().endpoint ?? '');
});
afterAll(async () => {
	client?.destroy();
	await proxy?.close();
});

describe('--read-only', () => {
	it('refuses in the client every operation of the API that writes: none reaches the network', async () => {
		const readOnly = localClient({endpoint: proxy.url, readOnly: true});
		const writing = COMMANDS.filter(({operation}) => !READ_OPERATIONS.has(operation));
		// The SDK's whole write API: streams, shards, records, consumers, tags, policies, encryption …
		expect(writing.map(({operation}) => operation)).toEqual(
			expect.arrayContaining([
				'PutRecord',
				'PutRecords',
				'CreateStream',
				'DeleteStream',
				'SplitShard',
				'MergeShards',
				'UpdateShardCount',
				'DecreaseStreamRetentionPeriod',
				'AddTagsToStream',
				'RegisterStreamConsumer',
				'UpdateStreamMode',
				'StartStreamEncryption',
			]),
		);
		const before = proxy.stats.requests;
		for (const {operation, Command} of writing) {
			const refused = await readOnly.send(new Command({StreamName: stream})).then(
				() => undefined,
				(error: unknown) => error,
			);
			expect(refused, operation).toBeInstanceOf(ReadOnlyError);
		}
		expect(proxy.stats.requests).toBe(before);
		readOnly.destroy();
	});

	it.each([
		['put --data', ['put', '--data', 'x', '--partition-key', 'k']],
		['put --file', ['put', '--file', 'package.json', '--format', 'text']],
		['tail --efo (registers a consumer)', ['tail', '--efo', 'not-registered', '--max', '1']],
	])('%s through the CLI: refused with a message, nothing written', async (_, args) => {
		const [command, ...rest] = args;
		const result = await runCli([
			command!,
			stream,
			...rest,
			'--read-only',
			'--endpoint-url',
			proxy.url,
		]);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/Refused \w+: the explorer is read-only \(--read-only\)/);
		expect(writes(proxy.stats)).toEqual([]);
	});
});

describe('secrets', () => {
	const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYsecretEXAMPLE';
	const TOKEN = 'FwoGZXIvYXdzEBYaDsessionTOKENexample0123456789';
	const env = {
		AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
		AWS_SECRET_ACCESS_KEY: SECRET,
		AWS_SESSION_TOKEN: TOKEN,
		AWS_REGION: 'us-east-1',
	};

	it.each([
		['access denied', faults.accessDenied(), /Access denied by http:\/\/127\.0\.0\.1:\d+/],
		['expired credentials', faults.expiredToken(), /credentials have expired.*renew them/],
		['a server error', faults.serverError(), /InternalFailure/],
	])('never appear in any output, even when the service answers %s', async (_, fault, told) => {
		const failing = await startFaultProxy(localSettings().endpoint ?? '', () => fault);
		// ls, shards and put end on their own; a tail retries for as long as it runs, so a few
		// seconds of its messages are enough.
		const runs = await Promise.all(
			[
				{args: ['ls'], timeoutMs: 60_000},
				{args: ['shards', stream], timeoutMs: 60_000},
				{args: ['put', stream, '--data', 'x'], timeoutMs: 60_000},
				{args: ['tail', stream, '--max', '1'], timeoutMs: 8000},
			].map(({args, timeoutMs}) =>
				runCli([...args, '--endpoint-url', failing.url], {env, timeoutMs}),
			),
		);
		await failing.close();
		for (const run of runs) {
			const output = `${run.stdout}${run.stderr}`;
			expect(output).not.toContain(SECRET);
			expect(output).not.toContain(TOKEN);
		}
		// They said what went wrong.
		expect(runs.map((run) => run.stderr).join('')).toMatch(told);
	});
});
