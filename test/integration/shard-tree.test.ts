import {type KinesisClient, ListShardsCommand} from '@aws-sdk/client-kinesis';
import {beforeAll, describe, type ExpectStatic, it, vi} from 'vitest';
import {splitMidpoint} from '../../source/model/hash-keys.js';
import {buildLineage, treeRows} from '../../source/model/lineage.js';
import {createShardTree, type ShardRequest} from '../../source/services/shard-tree.js';
import {listShards, mergeShards, splitShard} from '../../source/kinesis/shards.js';
import {deleteStream, describeStreamSummary, waitForActive} from '../../source/kinesis/streams.js';
import {runCli} from '../support/cli.js';
import {useOwnEngine} from '../support/engine.js';
import {startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, TRANSPORTS, uniqueName} from '../support/kinesis.js';

const within = {timeout: 60_000, interval: 50};
const id = (index: number) => `shardId-${String(index).padStart(12, '0')}`;

type JsonShard = {
	shardId: string;
	parentShardId: string | null;
	adjacentParentShardId: string | null;
	state: string;
	hashKeyRange: {startingHashKey: string; endingHashKey: string} | null;
	sequenceNumberRange: {startingSequenceNumber: string; endingSequenceNumber: string | null} | null;
	children: string[];
};

// A stream of a thousand shards weighs on its engine: this file has one of its own.
const engine = useOwnEngine();

// Every test of the file on a stream of its own: all side by side. These two, the longest (the
// pacing is counted as wired, 5 s a look), first, so that they start before the quick ones.
describe.concurrent('a stream of more than a thousand shards, and one that nobody changes', () => {
	it('pages through more than a thousand shards after a reshard, over each transport', async ({
		expect,
	}) => {
		const client = engine.client();
		const stream = uniqueName('thousand');
		// ListShards answers at most 1000 shards a page: a thousand and a split make two pages.
		await createActiveStream(client, {name: stream, shardCount: 1000});
		try {
			// The first shard alone: listing all thousand for it would cost the engine a listing.
			const {Shards: [first] = []} = await client.send(
				new ListShardsCommand({StreamName: stream, MaxResults: 1}),
			);
			const range = {
				start: BigInt(first!.HashKeyRange!.StartingHashKey!),
				end: BigInt(first!.HashKeyRange!.EndingHashKey!),
			};
			await splitShard(client, stream, first!.ShardId!, splitMidpoint(range)!);
			await waitForActive(client, stream, {pollMs: 100});
			for (const transport of TRANSPORTS) {
				await pagesThrough(
					expect,
					engine.client(engine.over(transport)),
					stream,
					engine.endpointFlags(transport),
				);
			}
		} finally {
			await deleteStream(client, stream);
		}
	});

	it("looks at an unchanging stream's shards every 5 s, no more often", async ({expect}) => {
		const stream = uniqueName('paced');
		await createActiveStream(engine.client(), {name: stream, shardCount: 2});
		const listed: number[] = [];
		const proxy = await startFaultProxy(engine.endpoint, (request) => {
			if (request.operation === 'ListShards') {
				listed.push(Date.now());
			}
			return undefined;
		});
		const service = createShardTree(engine.client({endpoint: proxy.url}));
		service.start();
		service.select(stream);
		try {
			await vi.waitFor(() => expect(listed.length).toBeGreaterThanOrEqual(3), within);
		} finally {
			service.stop();
			await proxy.close();
		}
		// Each gap is measured from when the proxy saw the calls: a busy machine only makes it longer.
		const gaps = listed.slice(1).map((time, index) => time - listed[index]!);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5000 - 250);
	});
});

describe.concurrent.each(TRANSPORTS)('the shard tree on the engine over %s', (transport) => {
	let client: KinesisClient;
	const endpoint = () => engine.endpointFlags(transport);

	beforeAll(() => {
		client = engine.client(engine.over(transport));
	});

	it('2 shards, shard 0 split at its midpoint, its children merged: 5 shards in shards --json', async ({
		expect,
	}) => {
		const stream = uniqueName('lineage');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const [zero] = await listShards(client, stream);
		await splitShard(client, stream, zero!.shardId, splitMidpoint(zero!.hashKeyRange)!);
		await waitForActive(client, stream, {pollMs: 100});
		const children = (await listShards(client, stream)).filter(
			(shard) => shard.parentShardId === zero!.shardId,
		);
		expect(children).toHaveLength(2);
		await mergeShards(client, stream, children[0]!.shardId, children[1]!.shardId);
		await waitForActive(client, stream, {pollMs: 100});

		const result = await runCli(['shards', stream, '--json', ...endpoint()]);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const shards = JSON.parse(result.stdout) as JsonShard[];
		expect(shards).toHaveLength(5);
		const byId = new Map(shards.map((shard) => [shard.shardId, shard]));
		const [a, b] = children.map((child) => child.shardId) as [string, string];
		const merged = shards.find((shard) => shard.adjacentParentShardId !== null);
		expect(merged).toMatchObject({state: 'OPEN', parentShardId: a, adjacentParentShardId: b});
		expect(merged?.sequenceNumberRange?.endingSequenceNumber).toBeNull();
		for (const closed of [id(0), a, b]) {
			expect(byId.get(closed)?.state).toBe('CLOSED');
			expect(byId.get(closed)?.sequenceNumberRange?.endingSequenceNumber).not.toBeNull();
		}
		expect(byId.get(id(1))?.state).toBe('OPEN');
		expect(byId.get(id(0))?.children).toEqual([a, b]);
		expect(byId.get(a)?.children).toEqual([merged?.shardId]);
		expect(byId.get(b)?.children).toEqual([merged?.shardId]);
		// Parents come before their children, and the merge child covers both its parents' keys.
		const order = shards.map((shard) => shard.shardId);
		expect(order.indexOf(merged!.shardId)).toBeGreaterThan(
			Math.max(order.indexOf(a), order.indexOf(b)),
		);
		expect(merged?.hashKeyRange).toEqual({
			startingHashKey: byId.get(a)?.hashKeyRange?.startingHashKey,
			endingHashKey: byId.get(b)?.hashKeyRange?.endingHashKey,
		});

		const text = await runCli(['shards', stream, ...endpoint()]);
		expect(text.code).toBe(0);
		const lines = text.stdout.trimEnd().split('\n');
		expect(lines[0]).toBe(`${stream} · ACTIVE · provisioned · 2 open · 3 closed`);
		expect(lines.slice(1).map((line) => line.replace(/(shardId-\d+).*$/, '$1'))).toEqual([
			id(0),
			`├─ ${a}`,
			`│  └─ ↳ ${merged!.shardId}`,
			`└─ ${b}`,
			`   └─ ${merged!.shardId}`,
			id(1),
		]);
	});

	it('says so, with exit code 1, when the stream does not exist', async ({expect}) => {
		const stream = uniqueName('nowhere');
		const result = await runCli(['shards', stream, ...endpoint()]);
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(new RegExp(`^kinesis-explorer: Stream "${stream}" not found: `));
	});

	it('follows the selection, keeping no answer about a stream no longer selected', async ({
		expect,
	}) => {
		const one = uniqueName('follow-a');
		const two = uniqueName('follow-b');
		await Promise.all([
			createActiveStream(client, {name: one, shardCount: 3}),
			createActiveStream(client, {name: two, shardCount: 1}),
		]);
		const service = createShardTree(client, {settleMs: 0});
		service.start();
		service.select(one);
		service.select(two);
		await vi.waitFor(() => expect(service.getSnapshot().lineage?.open).toHaveLength(1), within);
		expect(service.getSnapshot()).toMatchObject({stream: two, loading: false, missing: false});
		service.select(one);
		await vi.waitFor(() => expect(service.getSnapshot().lineage?.open).toHaveLength(3), within);
		service.select(uniqueName('gone'));
		await vi.waitFor(() => expect(service.getSnapshot()).toMatchObject({missing: true}), within);
		expect(service.getSnapshot().lineage).toBeUndefined();
		service.stop();
	});

	it('splits, merges and scales through the service, and the tree follows', async ({expect}) => {
		const stream = uniqueName('reshard');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const changed = vi.fn();
		const service = createShardTree(client, {onChanged: changed, settleMs: 0});
		service.start();
		service.select(stream);
		await vi.waitFor(() => expect(service.getSnapshot().lineage?.open).toHaveLength(2), within);
		const [zero, one] = service.getSnapshot().lineage!.open;
		const run = async (request: ShardRequest) => {
			expect(await service.run(request)).toBe(true);
			await waitForActive(client, stream, {pollMs: 100});
		};
		await run({
			type: 'split',
			stream,
			shardId: zero!.shardId,
			newStartingHashKey: splitMidpoint(zero!.hashKeyRange)!,
		});
		await vi.waitFor(() => expect(service.getSnapshot().lineage?.open).toHaveLength(3), within);
		expect(service.getSnapshot().operation).toEqual({
			state: 'done',
			text: expect.stringMatching(
				new RegExp(`^Split ${zero!.shardId} at \\S+: the tree follows\\.$`),
			),
		});
		const [, upper] = service.getSnapshot().lineage!.open;
		await run({type: 'merge', stream, shardId: upper!.shardId, adjacentShardId: one!.shardId});
		await vi.waitFor(() => expect(service.getSnapshot().lineage?.open).toHaveLength(2), within);
		await run({type: 'scale', stream, target: 4});
		await vi.waitFor(() => expect(service.getSnapshot().lineage?.open).toHaveLength(4), within);
		expect((await describeStreamSummary(client, stream)).openShardCount).toBe(4);
		expect(changed).toHaveBeenCalledTimes(3);
		service.stop();
	});

	it('refuses every reshard under --read-only, saying so, and changes nothing', async ({
		expect,
	}) => {
		const stream = uniqueName('reshard-ro');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const readOnly = engine.client({...engine.over(transport), readOnly: true});
		const service = createShardTree(readOnly, {settleMs: 0});
		service.start();
		service.select(stream);
		await vi.waitFor(() => expect(service.getSnapshot().lineage?.open).toHaveLength(2), within);
		const [zero, one] = service.getSnapshot().lineage!.open;
		const requests: Array<[ShardRequest, string]> = [
			[{type: 'split', stream, shardId: zero!.shardId, newStartingHashKey: 1000n}, 'SplitShard'],
			[
				{type: 'merge', stream, shardId: zero!.shardId, adjacentShardId: one!.shardId},
				'MergeShards',
			],
			[{type: 'scale', stream, target: 4}, 'UpdateShardCount'],
		];
		for (const [request, operation] of requests) {
			expect(await service.run(request)).toBe(false);
			expect(service.getSnapshot().operation).toEqual({
				state: 'failed',
				text: `Refused ${operation}: the explorer is read-only (--read-only), and ${operation} writes.`,
			});
		}
		expect(await listShards(client, stream)).toHaveLength(2);
		service.stop();
		readOnly.destroy();
	});
});

/** The stream's 1,002 shards, listed whole by ListShards, the tree service and shards --json. */
async function pagesThrough(
	expect: ExpectStatic,
	client: KinesisClient,
	stream: string,
	endpoint: string[],
) {
	const shards = await listShards(client, stream);
	expect(shards).toHaveLength(1002);
	expect(new Set(shards.map((shard) => shard.shardId)).size).toBe(1002);
	const lineage = buildLineage(shards);
	expect(lineage.open).toHaveLength(1001);
	expect(treeRows(lineage).filter((row) => !row.ref)).toHaveLength(1002);
	// The open shards still cover the key space, one after another.
	for (let index = 1; index < lineage.open.length; index++) {
		expect(lineage.open[index]!.hashKeyRange.start).toBe(
			lineage.open[index - 1]!.hashKeyRange.end + 1n,
		);
	}

	const service = createShardTree(client);
	service.start();
	service.select(stream);
	await vi.waitFor(() => expect(service.getSnapshot().lineage?.nodes.size).toBe(1002), within);
	expect(service.getSnapshot().summary?.openShardCount).toBe(1001);
	service.stop();

	const result = await runCli(['shards', stream, '--json', ...endpoint]);
	expect(result.code).toBe(0);
	const listed = JSON.parse(result.stdout) as JsonShard[];
	expect(listed).toHaveLength(1002);
	expect(listed.filter((shard) => shard.state === 'OPEN')).toHaveLength(1001);
}
