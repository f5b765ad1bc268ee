import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {
	CreateStreamCommand,
	DeleteStreamCommand,
	type KinesisClient,
	PutRecordCommand,
} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {ReadOnlyError} from '../../source/kinesis/client.js';
import {createStreamList} from '../../source/services/stream-list.js';
import {describeStreamSummary, listAllStreams} from '../../source/kinesis/streams.js';
import {runCli} from '../support/cli.js';
import {type FaultProxy, faults, startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';

const within = {timeout: 30_000, interval: 50};

describe('read-only', () => {
	let proxy: FaultProxy;
	let readOnly: KinesisClient;
	let writer: KinesisClient;
	const existing = uniqueName('kept');

	beforeAll(async () => {
		writer = localClient();
		await createActiveStream(writer, {name: existing, shardCount: 1});
		proxy = await startFaultProxy(localSettings().endpoint!);
		readOnly = localClient({endpoint: proxy.url, readOnly: true});
	});
	afterAll(async () => {
		readOnly.destroy();
		writer.destroy();
		await proxy.close();
	});

	it('refuses every write before it leaves the process, with a clear message', async () => {
		const name = uniqueName('never');
		await expect(
			readOnly.send(new CreateStreamCommand({StreamName: name, ShardCount: 1})),
		).rejects.toThrow(ReadOnlyError);
		await expect(
			readOnly.send(
				new PutRecordCommand({StreamName: existing, PartitionKey: 'k', Data: new Uint8Array([1])}),
			),
		).rejects.toThrow(
			'Refused PutRecord: the explorer is read-only (--read-only), and PutRecord writes.',
		);
		await expect(readOnly.send(new DeleteStreamCommand({StreamName: existing}))).rejects.toThrow(
			ReadOnlyError,
		);
		expect(proxy.stats.operations).toEqual({});
		expect((await listAllStreams(writer)).map((stream) => stream.name)).not.toContain(name);
		expect((await describeStreamSummary(writer, existing)).status).toBe('ACTIVE');
	});

	it('still reads', async () => {
		expect((await listAllStreams(readOnly)).map((stream) => stream.name)).toContain(existing);
		expect(proxy.stats.operations.ListStreams).toBeGreaterThan(0);
	});
});

describe('when the endpoint cannot be used', () => {
	it('says the endpoint cannot be reached, in the explorer and in a command', async () => {
		const unreachable = 'http://127.0.0.1:1';
		const client = localClient({endpoint: unreachable});
		const service = createStreamList(client, {errorContext: {endpoint: unreachable}});
		service.start();
		await vi.waitFor(
			() =>
				expect(service.getSnapshot().problem?.message).toBe(
					'Cannot reach http://127.0.0.1:1: connection refused (ECONNREFUSED).',
				),
			within,
		);
		service.stop();
		client.destroy();
		const result = await runCli(['ls', '--endpoint-url', unreachable]);
		expect(result).toEqual({
			code: 1,
			stdout: '',
			stderr:
				'kinesis-explorer: Cannot reach http://127.0.0.1:1: connection refused (ECONNREFUSED).\n',
		});
	});

	it('says access was denied, keeps retrying, and recovers when access comes back', async () => {
		const proxy = await startFaultProxy(localSettings().endpoint!, () => faults.accessDenied());
		const client = localClient({endpoint: proxy.url});
		const service = createStreamList(client, {errorContext: {endpoint: proxy.url}});
		service.start();
		await vi.waitFor(
			() =>
				expect(service.getSnapshot().problem?.message).toMatch(
					/^Access denied by http.* \(AccessDeniedException\): User: .* is not authorized/,
				),
			within,
		);
		const result = await runCli(['ls', '--endpoint-url', proxy.url]);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^kinesis-explorer: Access denied by .*AccessDeniedException/);
		proxy.setRule(() => undefined);
		service.refresh();
		await vi.waitFor(() => {
			expect(service.getSnapshot().problem).toBeUndefined();
			expect(service.getSnapshot().loaded).toBe(true);
		}, within);
		service.stop();
		client.destroy();
		await proxy.close();
	});

	it('asks for credentials when there are none, and for a region when none is set', async () => {
		const home = mkdtempSync(path.join(tmpdir(), 'kinesis-explorer-home-'));
		const noAws = {
			HOME: home,
			AWS_CONFIG_FILE: path.join(home, 'config'),
			AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
			AWS_EC2_METADATA_DISABLED: 'true',
		};
		const credentials = await runCli(['ls', '--region', 'eu-west-1'], {env: noAws});
		expect(credentials.code).toBe(1);
		expect(credentials.stderr).toBe(
			'kinesis-explorer: No AWS credentials found: set AWS_PROFILE or --profile, run aws configure, or use --local.\n',
		);
		const region = await runCli(['ls'], {
			env: {
				...noAws,
				AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
				AWS_SECRET_ACCESS_KEY: 'secret-never-shown',
			},
		});
		expect(region.code).toBe(1);
		expect(region.stderr).toBe(
			'kinesis-explorer: No AWS region: pass --region or set AWS_REGION (or give your profile a region).\n',
		);
		expect(region.stderr + region.stdout).not.toContain('secret-never-shown');
	});
});
