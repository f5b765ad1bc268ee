import {DeleteStreamCommand, type KinesisClient} from '@aws-sdk/client-kinesis';
import {beforeAll, describe, it, vi} from 'vitest';
import {createStreamList} from '../../source/services/stream-list.js';
import {createStream, listAllStreams} from '../../source/kinesis/streams.js';
import {runCli} from '../support/cli.js';
import {useOwnEngine} from '../support/engine.js';
import {faults, startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, TRANSPORTS, uniqueName} from '../support/kinesis.js';
import {tooDense} from '../support/rate.js';

const within = {timeout: 60_000, interval: 50};

// 101 streams: an engine of the file's own, whose every stream the tests know.
const prefix = 'many';
const names = Array.from(
	{length: 101},
	(_, index) => `${prefix}-${String(index).padStart(3, '0')}`,
);
const last = names.at(-1)!;
// More than one page: the engine answers 100 names a page, with HasMoreStreams and no token, so the
// last stream is the second page's only one. The engine makes them as it starts, one shard each (what
// is listed here, not how streams are made): CreateStream calls and the waits for ACTIVE would cost
// it more than the tests below.
const engine = useOwnEngine({
	INITIALIZE_STREAMS: names.map((name) => `${name}:1`).join(','),
});

// First: a stream made and deleted. Every test after it lists exactly the streams the engine starts
// with, side by side.
describe.each(TRANSPORTS)('listing streams on the engine over %s', (transport) => {
	let client: KinesisClient;

	beforeAll(() => {
		client = engine.client(engine.over(transport));
	});

	it('drops a stream from the list once it is deleted', async ({expect}) => {
		const name = uniqueName('doomed');
		await createActiveStream(client, {name, shardCount: 1});
		const service = createStreamList(client, {listIntervalMs: 200});
		service.select(name);
		// On screen alone: the top of the list is not described meanwhile.
		service.show([name]);
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

// Each through a proxy of its own, counting calls over seconds: side by side, with the tests after
// them (the longest first: ls describes its 101 streams at 15 a second).
describe.concurrent('the stream list as it is wired', () => {
	it('prints all of them with ls --json', async ({expect}) => {
		const result = await runCli(['ls', '--json', '--endpoint-url', engine.endpoint]);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const streams = JSON.parse(result.stdout) as Array<{
			name: string;
			status: string;
			openShardCount: number;
		}>;
		expect(streams.map((stream) => stream.name)).toEqual(names);
		expect(streams.every((stream) => stream.openShardCount === 1)).toBe(true);
	});

	it('pages ListStreams at most 4 times a second, however many pages there are', async ({
		expect,
	}) => {
		// A listing that never ends: every page says there is another. The list pages on at the pace
		// it keeps, and the proxy notes when each page was asked for.
		const asked: number[] = [];
		const proxy = await startFaultProxy(engine.endpoint, (request) => {
			if (request.operation !== 'ListStreams') {
				return undefined;
			}
			asked.push(Date.now());
			return {
				kind: 'rewrite',
				answer: () => ({StreamNames: [`page-${asked.length}`], HasMoreStreams: true}),
			};
		});
		const service = createStreamList(engine.client({endpoint: proxy.url}));
		service.start();
		try {
			await vi.waitFor(() => expect(asked.length).toBeGreaterThanOrEqual(16), within);
		} finally {
			service.stop();
			await proxy.close();
		}
		expect(tooDense(asked, {perSecond: 4, burst: 2})).toEqual([]);
	});

	it('describes the other streams when the service refuses one of them', async ({expect}) => {
		const proxy = await startFaultProxy(engine.endpoint);
		// A policy that denies one stream: its calls fail, the others' go through.
		proxy.setRule((request) =>
			request.operation === 'DescribeStreamSummary' && request.body.StreamName === names[5]
				? faults.accessDenied()
				: undefined,
		);
		const through = engine.client({endpoint: proxy.url});
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

	it('describes the top of the list with the first listing, before the pane shows a stream', async ({
		expect,
	}) => {
		const service = createStreamList(engine.client());
		service.start();
		try {
			await vi.waitFor(
				() => expect(service.getSnapshot().summaries.get(names[9]!)?.status).toBe('ACTIVE'),
				within,
			);
			expect([...service.getSnapshot().summaries.keys()].sort()).toEqual(names.slice(0, 10));
		} finally {
			service.stop();
		}
	});

	it('puts the summaries of the streams on screen into the list at once, not one a redraw', async ({
		expect,
	}) => {
		// The first page waits for the states up to a second, then shows what it has: on a loaded
		// machine the engine can take longer, and the wait, not its bound, is what this test is about.
		const service = createStreamList(engine.client(), {firstStatesWaitMs: 60_000});
		const onScreen = names.slice(20, 26);
		service.show(onScreen);
		const described: number[] = [];
		service.subscribe(() => described.push(service.getSnapshot().summaries.size));
		service.start();
		try {
			await vi.waitFor(() => expect(service.getSnapshot().summaries.size).toBe(6), within);
			// Every snapshot with summaries has all six: none came with fewer. (The list's own news,
			// like its next page, may come in more snapshots before the wait above sees the six.)
			expect(new Set(described.filter((size) => size > 0))).toEqual(new Set([6]));
		} finally {
			service.stop();
		}
	});

	it('describes the streams on screen at most 10 times a second', async ({expect}) => {
		const described: number[] = [];
		const proxy = await startFaultProxy(engine.endpoint, (request) => {
			if (request.operation === 'DescribeStreamSummary') {
				described.push(Date.now());
			}
			return undefined;
		});
		const service = createStreamList(engine.client({endpoint: proxy.url}));
		service.show(names.slice(0, 40));
		service.start();
		try {
			await vi.waitFor(() => expect(service.getSnapshot().summaries.size).toBe(40), within);
		} finally {
			service.stop();
			await proxy.close();
		}
		expect(described).toHaveLength(40);
		expect(tooDense(described, {perSecond: 10, burst: 10})).toEqual([]);
	});
});

describe.concurrent.each(TRANSPORTS)('listing streams on the engine over %s', (transport) => {
	let client: KinesisClient;

	beforeAll(() => {
		client = engine.client(engine.over(transport));
	});

	it('pages past the first ListStreams page to every stream', async ({expect}) => {
		const listed = (await listAllStreams(client)).map((stream) => stream.name);
		expect(listed).toEqual(names);
	});

	it('gives the live list every stream, and describes those on screen', async ({expect}) => {
		const service = createStreamList(client);
		service.show([names[5]!, last]);
		service.start();
		await vi.waitFor(() => {
			const snapshot = service.getSnapshot();
			expect(snapshot.loaded).toBe(true);
			expect(snapshot.streams).toHaveLength(names.length);
			expect(snapshot.summaries.get(last)).toMatchObject({
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
});

describe.concurrent('a stream being created', () => {
	// Creation takes as long as a real one here, so CREATING can be seen without racing a timer.
	const engine = useOwnEngine({CREATE_STREAM_DURATION: '10m'});
	let client: KinesisClient;

	beforeAll(() => {
		client = engine.client();
	});

	it('shows as CREATING in the live list and in ls', async ({expect}) => {
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
