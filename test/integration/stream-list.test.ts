import process from 'node:process';
import {DeleteStreamCommand, type KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {createKinesisClient} from '../../source/kinesis/client.js';
import {createStreamList} from '../../source/kinesis/stream-list.js';
import {createStream, listAllStreams} from '../../source/kinesis/streams.js';
import {type LocalEngine, startLocalEngine} from '../../source/local/engine.js';
import {runCli} from '../support/cli.js';
import {faults, startFaultProxy} from '../support/fault-proxy.js';
import {
	createActiveStream,
	createManyStreams,
	endpointFlags,
	localClient,
	localSettings,
	over,
	TRANSPORTS,
	uniqueName,
} from '../support/kinesis.js';

const within = {timeout: 60_000, interval: 50};

const prefix = uniqueName('many');
const names = Array.from(
	{length: 120},
	(_, index) => `${prefix}-${String(index).padStart(3, '0')}`,
);

beforeAll(async () => {
	const writer = localClient();
	// More than one page: the engine answers 100 names a page, with HasMoreStreams and no token.
	await createManyStreams(writer, names);
	writer.destroy();
});

describe.each(TRANSPORTS)('listing streams on the engine over %s', (transport) => {
	let client: KinesisClient;

	beforeAll(() => {
		client = localClient(over(transport));
	});
	afterAll(() => client.destroy());

	it('pages past the first ListStreams page to every stream', async () => {
		const listed = (await listAllStreams(client)).map((stream) => stream.name);
		expect(listed.filter((name) => name.startsWith(prefix))).toEqual(names);
		expect(new Set(listed).size).toBe(listed.length);
	});

	it('gives the live list every stream, and describes those on screen', async () => {
		const service = createStreamList(client);
		service.show([names[5]!, names[119]!]);
		service.start();
		await vi.waitFor(() => {
			const snapshot = service.getSnapshot();
			expect(snapshot.loaded).toBe(true);
			expect(snapshot.streams.filter((stream) => stream.name.startsWith(prefix))).toHaveLength(120);
			expect(snapshot.summaries.get(names[119]!)).toMatchObject({
				openShardCount: 1,
				retentionHours: 24,
			});
		}, within);
		// Only what is on screen is described, not every stream.
		expect(snapshot().summaries.has(names[50]!)).toBe(false);
		service.stop();

		function snapshot() {
			return service.getSnapshot();
		}
	});

	it('prints all of them with ls --json', async () => {
		const result = await runCli(['ls', '--json', ...endpointFlags(transport)]);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const streams = JSON.parse(result.stdout) as Array<{
			name: string;
			status: string;
			openShardCount: number;
		}>;
		const ours = streams.filter((stream) => stream.name.startsWith(prefix));
		expect(ours.map((stream) => stream.name)).toEqual(names);
		expect(ours.every((stream) => stream.openShardCount === 1)).toBe(true);
	});

	it('drops a stream from the list once it is deleted', async () => {
		const name = uniqueName('doomed');
		await createActiveStream(client, {name, shardCount: 1});
		const service = createStreamList(client, {listIntervalMs: 200});
		service.select(name);
		service.start();
		await vi.waitFor(
			() => expect(service.getSnapshot().summaries.get(name)?.status).toBe('ACTIVE'),
			within,
		);
		await client.send(new DeleteStreamCommand({StreamName: name}));
		await vi.waitFor(
			() =>
				expect(service.getSnapshot().streams.some((stream) => stream.name === name)).toBe(false),
			within,
		);
		service.stop();
	});
});

describe('a stream the service refuses', () => {
	it('describes the other streams when the service refuses one of them', async () => {
		const proxy = await startFaultProxy(localSettings().endpoint!);
		// A policy that denies one stream: its calls fail, the others' go through.
		proxy.setRule((request) =>
			request.operation === 'DescribeStreamSummary' && request.body.StreamName === names[5]
				? faults.accessDenied()
				: undefined,
		);
		const through = localClient({endpoint: proxy.url});
		const service = createStreamList(through);
		service.select(names[5]);
		service.show([names[5]!, names[6]!, names[7]!]);
		service.start();
		try {
			await vi.waitFor(() => expect(service.getSnapshot().problem).toBeDefined(), within);
			// By the time the refusal is reported, the rest were described in the same round, not
			// after a backoff.
			const snapshot = service.getSnapshot();
			expect(snapshot.problem?.message).toMatch(/^Access denied by .*AccessDeniedException/);
			expect(snapshot.summaries.get(names[6]!)).toMatchObject({openShardCount: 1});
			expect(snapshot.summaries.get(names[7]!)).toMatchObject({openShardCount: 1});
			expect(snapshot.summaries.has(names[5]!)).toBe(false);
		} finally {
			service.stop();
			through.destroy();
			await proxy.close();
		}
	});
});

describe('a stream being created', () => {
	let engine: LocalEngine;
	let client: KinesisClient;

	beforeAll(async () => {
		// Creation takes as long as a real one here, so CREATING can be seen without racing a timer.
		engine = await startLocalEngine({
			nodePath: process.execPath,
			settings: {CREATE_STREAM_DURATION: '10m'},
		});
		client = createKinesisClient(localSettings({endpoint: engine.endpoint}));
	});
	afterAll(async () => {
		client.destroy();
		await engine.stop();
	});

	it('shows as CREATING in the live list and in ls', async () => {
		await createStream(client, {name: 'fresh', shardCount: 2});
		const service = createStreamList(client);
		service.select('fresh');
		service.start();
		await vi.waitFor(
			() => expect(service.getSnapshot().summaries.get('fresh')?.status).toBe('CREATING'),
			within,
		);
		service.stop();
		const result = await runCli(['ls', '--endpoint-url', engine.endpoint]);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^fresh +CREATING +2 provisioned/m);
	});
});
