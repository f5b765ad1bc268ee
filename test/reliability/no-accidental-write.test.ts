import * as sdk from '@aws-sdk/client-kinesis';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {READ_OPERATIONS, ReadOnlyError} from '../../source/kinesis/client.js';
import {type CliResult, runCli, startCli} from '../support/cli.js';
import {
	type FaultRule,
	type FaultStats,
	faults,
	type KinesisRequest,
	startFaultProxy,
	startTestProxy,
} from '../support/fault-proxy.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';

/**
 * --read-only is enforced where calls leave the process, not only in the UI: every operation of the
 * Kinesis API that is not a read is refused in the client, so none reaches the proxy in front of the
 * engine. And credentials never show in anything the explorer prints, even when a server quotes
 * them back.
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

let client: KinesisClient;
const stream = uniqueName('read-only');

beforeAll(async () => {
	client = localClient();
	await createActiveStream(client, {name: stream, shardCount: 2});
});
afterAll(() => client?.destroy());

// Each test counts what reaches a proxy of its own, and writes nothing: side by side.
describe.concurrent('--read-only', () => {
	it('refuses in the client every operation of the API that writes: none reaches the network', async ({
		expect,
		onTestFinished,
	}) => {
		const proxy = await startTestProxy({onTestFinished}, localSettings().endpoint ?? '');
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

	it.for<[string, string[]]>([
		['put --data', ['put', '--data', 'x', '--partition-key', 'k']],
		['put --file', ['put', '--file', 'package.json', '--format', 'text']],
		['tail --efo (registers a consumer)', ['tail', '--efo', 'not-registered', '--max', '1']],
	])(
		'%s through the CLI: refused with a message, nothing written',
		async ([, args], {expect, onTestFinished}) => {
			const proxy = await startTestProxy({onTestFinished}, localSettings().endpoint ?? '');
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
		},
	);
});

// Each test's service answers through a proxy of its own: side by side.
describe.concurrent('secrets', () => {
	const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYsecretEXAMPLE';
	const TOKEN = 'FwoGZXIvYXdzEBYaDsessionTOKENexample0123456789';
	const env = {
		AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
		AWS_SECRET_ACCESS_KEY: SECRET,
		AWS_SESSION_TOKEN: TOKEN,
		AWS_REGION: 'us-east-1',
	};

	/** The session token as the request carried it: what a server could quote back. */
	const sentToken = (request: KinesisRequest) => String(request.headers['x-amz-security-token']);

	it.for<[string, FaultRule, RegExp]>([
		['access denied', () => faults.accessDenied(), /Access denied by http:\/\/127\.0\.0\.1:\d+/],
		['expired credentials', () => faults.expiredToken(), /credentials have expired.*renew them/],
		['a server error', () => faults.serverError(), /InternalFailure/],
		[
			'an error that quotes the session token back',
			(request) => ({
				kind: 'answer',
				status: 400,
				errorType: 'UnrecognizedClientException',
				message: `The security token included in the request is invalid: ${sentToken(request)}`,
			}),
			/The security token included in the request is invalid: \[session token\]/,
		],
	])(
		'never appear in any output, even when the service answers %s',
		async ([, rule, told], {expect}) => {
			const failing = await startFaultProxy(localSettings().endpoint ?? '', rule);
			const endpoint = ['--endpoint-url', failing.url];
			const runs = await Promise.all([
				runCli(['ls', ...endpoint], {env}),
				runCli(['shards', stream, ...endpoint], {env}),
				runCli(['put', stream, '--data', 'x', ...endpoint], {env}),
				// A tail retries for as long as it runs: once it has said what is wrong, ctrl+c ends it.
				tailUntilTold([stream, '--max', '1', ...endpoint], env, told),
			]);
			await failing.close();
			for (const run of runs) {
				const output = `${run.stdout}${run.stderr}`;
				expect(output).not.toContain(SECRET);
				expect(output).not.toContain(TOKEN);
			}
			// They said what went wrong.
			expect(runs.map((run) => run.stderr).join('')).toMatch(told);
		},
	);

	it('never appear when a failed record of PutRecords quotes the session token back', async ({
		expect,
	}) => {
		const echoing = await startFaultProxy(localSettings().endpoint ?? '', (request) =>
			request.operation === 'PutRecords'
				? {
						kind: 'rewrite',
						answer: (body) => ({
							...body,
							FailedRecordCount: (body.Records as unknown[]).length,
							Records: (body.Records as unknown[]).map(() => ({
								ErrorCode: 'KMSAccessDeniedException',
								ErrorMessage: `Not allowed with the session token ${sentToken(request)}`,
							})),
						}),
					}
				: undefined,
		);
		const run = await runCli(
			['put', stream, '--file', 'package.json', '--format', 'text', '--endpoint-url', echoing.url],
			{env},
		);
		await echoing.close();
		expect(run.code).toBe(1);
		expect(run.stderr).toContain(
			'KMSAccessDeniedException: Not allowed with the session token [session token]',
		);
		expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
	});
});

/**
 * Runs `tail` until its stderr shows what it was told, then stops it with ctrl+c (a tail that
 * gave up on its own has ended already) and waits for it to end.
 */
async function tailUntilTold(
	args: readonly string[],
	env: Record<string, string>,
	told: RegExp,
): Promise<CliResult> {
	const child = startCli(['tail', ...args], env);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString('utf8');
	});
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString('utf8');
	});
	const closed = new Promise<number>((resolve) => {
		child.once('close', (code) => resolve(code ?? 1));
	});
	try {
		await vi.waitFor(() => expect(stderr).toMatch(told), {timeout: 60_000, interval: 50});
	} finally {
		child.kill('SIGINT');
	}
	return {code: await closed, stdout, stderr};
}
