import {
	type KinesisClient,
	PutRecordCommand,
	RegisterStreamConsumerCommand,
} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, onTestFinished, vi} from 'vitest';
import {listShards, splitShard} from '../../source/kinesis/shards.js';
import {describeStreamSummary, waitForActive} from '../../source/kinesis/streams.js';
import {splitMidpoint} from '../../source/model/hash-keys.js';
import {
	type ConsumersOptions,
	type ConsumersService,
	type ConsumersSnapshot,
	createConsumersService,
	type KclApplication,
} from '../../source/services/consumers/consumers-service.js';
import {useOwnDynamoDB} from '../support/dynamodb.js';
import {startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {kcl1Lease, kcl2Lease, kcl3Lease, multiStreamLease} from '../support/leases.js';

/**
 * The consumers service against the shared Kinesis engine and a dynalite of this file's own, over
 * real HTTP: lease tables written as each KCL version writes them, and read back as the explorer
 * shows them. Scans are triggered (refresh), never waited for by the clock.
 */

const dynamodb = useOwnDynamoDB();
const within = {timeout: 30_000, interval: 50};
let kinesis: KinesisClient;
const services: ConsumersService[] = [];

beforeAll(() => {
	kinesis = localClient();
});
afterAll(() => {
	for (const service of services) {
		service.stop();
	}
	kinesis?.destroy();
});

/**
 * The service on `stream`, scanning only when refreshed (a lease's lag read once, not again),
 * owners stalled as soon as two scans agree; stopped when the test ends.
 */
function watch(stream: string, options: ConsumersOptions = {}) {
	const service = createConsumersService(kinesis, dynamodb.client(), {
		intervalMs: 3_600_000,
		lagIntervalMs: 3_600_000,
		stallAfterMs: 0,
		settleMs: 0,
		...options,
	});
	services.push(service);
	onTestFinished(() => service.stop());
	service.select(stream);
	service.start();
	const until = async (check: (snapshot: ConsumersSnapshot) => void) => {
		await vi.waitFor(() => check(service.getSnapshot()), within);
		return service.getSnapshot();
	};
	return {service, until};
}

const application = (snapshot: ConsumersSnapshot, table: string): KclApplication => {
	const found = snapshot.applications?.find((candidate) => candidate.table === table);
	expect(found, table).toBeDefined();
	return found!;
};

/** Puts a record into the stream's shard that holds hash key `hashKey`; resolves with its sequence number. */
async function put(stream: string, hashKey: string, data = 'x'): Promise<string> {
	const {SequenceNumber} = await kinesis.send(
		new PutRecordCommand({
			StreamName: stream,
			PartitionKey: 'k',
			ExplicitHashKey: hashKey,
			Data: Buffer.from(data),
		}),
	);
	return SequenceNumber!;
}

const LOW = '0';
const HIGH = (2n ** 128n - 1n).toString();
const S0 = 'shardId-000000000000';
const S1 = 'shardId-000000000001';

describe('KCL lease formats', () => {
	const stream = uniqueName('kcl-formats');
	const other = uniqueName('kcl-other');
	let first = '';
	let second = '';

	beforeAll(async () => {
		await createActiveStream(kinesis, {name: stream, shardCount: 2});
		first = await put(stream, LOW);
		second = await put(stream, HIGH);
		for (const table of ['app-1x', 'app-2x', 'app-3x', 'app-multi', 'app-elsewhere']) {
			await dynamodb.createTable(table);
		}
		await dynamodb.createTable('not-a-lease-table', 'id');
		await dynamodb.put('not-a-lease-table', {id: S0, leaseCounter: 1});
		await dynamodb.put(
			'app-1x',
			kcl1Lease({shardId: S0, owner: 'host-1', counter: 7, checkpoint: first}),
			kcl1Lease({shardId: S1, owner: 'host-1', counter: 3, checkpoint: 'TRIM_HORIZON'}),
		);
		await dynamodb.put(
			'app-2x',
			kcl2Lease({
				shardId: S0,
				owner: 'worker-a',
				counter: 40,
				checkpoint: first,
				pendingCheckpoint: second,
			}),
			kcl2Lease({shardId: S1, checkpoint: 'LATEST'}),
		);
		await dynamodb.put(
			'app-3x',
			kcl3Lease({shardId: S0, owner: 'w-1', checkpoint: 'SHARD_END', entityType: true}),
			kcl3Lease({shardId: S1, owner: 'w-2', checkpointOwner: 'w-1', checkpoint: 'AT_TIMESTAMP'}),
			// KCL 3.5 keeps rows of other kinds in the same table: they are not leases.
			{leaseKey: 'worker-metrics:w-1', entityType: 'WORKER_METRICS', leaseCounter: 9},
		);
		await dynamodb.put(
			'app-multi',
			multiStreamLease(stream, {shardId: S1, owner: 'multi-worker', checkpoint: second}),
			multiStreamLease(other, {shardId: S0, owner: 'multi-worker', checkpoint: 'LATEST'}),
		);
		// Another stream's single-stream table: it names a shard this stream does not have.
		await dynamodb.put(
			'app-elsewhere',
			kcl2Lease({shardId: 'shardId-000000000009', owner: 'x', checkpoint: 'LATEST'}),
		);
	});

	it('reads KCL 1.x, 2.x, 3.x (entityType rows left out) and multi-stream leases', async () => {
		const {until} = watch(stream, {tables: ['app-1x', 'app-2x', 'app-3x', 'app-multi']});
		const snapshot = await until((current) => expect(current.applications).toHaveLength(4));
		const rows = (table: string) =>
			application(snapshot, table).leases.map(({lease}) => ({
				shardId: lease.shardId,
				owner: lease.owner,
				counter: lease.counter,
				checkpoint: lease.checkpoint,
			}));
		expect(rows('app-1x')).toEqual([
			{
				shardId: S0,
				owner: 'host-1',
				counter: 7n,
				checkpoint: {kind: 'sequence', sequenceNumber: first},
			},
			{shardId: S1, owner: 'host-1', counter: 3n, checkpoint: {kind: 'TRIM_HORIZON'}},
		]);
		expect(rows('app-2x')).toEqual([
			{
				shardId: S0,
				owner: 'worker-a',
				counter: 40n,
				checkpoint: {kind: 'sequence', sequenceNumber: first},
			},
			{shardId: S1, owner: undefined, counter: 1n, checkpoint: {kind: 'LATEST'}},
		]);
		expect(application(snapshot, 'app-2x').leases[0]?.lease.pendingCheckpoint).toBe(second);
		expect(rows('app-3x')).toEqual([
			{shardId: S0, owner: 'w-1', counter: 1n, checkpoint: {kind: 'SHARD_END'}},
			{shardId: S1, owner: 'w-2', counter: 1n, checkpoint: {kind: 'AT_TIMESTAMP'}},
		]);
		expect(application(snapshot, 'app-3x').leases[1]?.lease).toMatchObject({
			checkpointOwner: 'w-1',
			throughputKBps: 12.5,
		});
		expect(application(snapshot, 'app-3x').invalidRows).toBe(0);
		// Only the lease of this stream; the other stream's is left out.
		expect(rows('app-multi')).toEqual([
			{
				shardId: S1,
				owner: 'multi-worker',
				counter: 1n,
				checkpoint: {kind: 'sequence', sequenceNumber: second},
			},
		]);
		expect(application(snapshot, 'app-multi').leases[0]?.lease.stream).toBe(stream);
		expect(application(snapshot, 'app-multi').summary.unleased).toEqual([
			{shardId: S0, waitingFor: []},
		]);
		expect(application(snapshot, 'app-2x').summary).toMatchObject({
			workers: [{owner: 'worker-a', leases: 1}],
			unowned: 1,
		});
	});

	it('finds the lease tables that name the stream, and says how many tables it looked at', async () => {
		const {until} = watch(stream);
		const snapshot = await until((current) => expect(current.applications).toBeDefined());
		expect(snapshot.applications?.map((found) => found.table).sort()).toEqual([
			'app-1x',
			'app-2x',
			'app-3x',
			'app-multi',
		]);
		expect(snapshot.tablesLookedAt).toBe(6);
		expect(snapshot.leaseProblem).toBeUndefined();
	});

	it('says in one line what is wrong with a table given that is not the stream’s lease table', async () => {
		for (const [table, message] of [
			[
				'no-such-table',
				/^No table "no-such-table" in DynamoDB at http:\/\/127\.0\.0\.1:\d+: name a KCL/,
			],
			[
				'not-a-lease-table',
				/^"not-a-lease-table" is not a KCL lease table: its key is id \(HASH\)/,
			],
			[
				'app-elsewhere',
				/^"app-elsewhere" is the lease table of another stream: ".*" has no shard "shardId-000000000009"/,
			],
		] as const) {
			const {until} = watch(stream, {tables: [table], dynamodbEndpoint: dynamodb.endpoint});
			const snapshot = await until((current) => expect(current.leaseProblem).toBeDefined());
			expect(snapshot.leaseProblem).toMatchObject({badInput: true});
			expect(snapshot.leaseProblem?.message).toMatch(message);
			expect(snapshot.leaseProblem?.message).not.toContain('\n');
		}
	});

	it('passes over a table given that is another stream’s, for the explorer, which shows any stream', async () => {
		const {until} = watch(stream, {
			tables: ['app-2x', 'app-elsewhere', 'app-multi'],
			othersPassedOver: true,
		});
		const snapshot = await until((current) => expect(current.applications).toHaveLength(2));
		expect(snapshot.applications?.map((found) => found.table)).toEqual(['app-2x', 'app-multi']);
		expect(snapshot.leaseProblem).toBeUndefined();
		// A table that is none at all is still said to be wrong: a name mistyped, most likely.
		const mistyped = watch(stream, {
			tables: ['app-2x', 'no-such-table'],
			othersPassedOver: true,
			dynamodbEndpoint: dynamodb.endpoint,
		});
		const refused = await mistyped.until((current) => expect(current.leaseProblem).toBeDefined());
		expect(refused.leaseProblem?.message).toMatch(/^No table "no-such-table" in DynamoDB/);
	});
});

describe('owners, lag and reshards', () => {
	it('tells an owner that renews from one that stopped, comparing the counters of the scans it is asked for', async () => {
		const stream = uniqueName('kcl-owners');
		await createActiveStream(kinesis, {name: stream, shardCount: 2});
		await dynamodb.createTable('app-owners');
		await dynamodb.put(
			'app-owners',
			kcl2Lease({shardId: S0, owner: 'alive-worker', checkpoint: 'TRIM_HORIZON'}),
			kcl2Lease({shardId: S1, owner: 'dead-worker', checkpoint: 'TRIM_HORIZON'}),
		);
		const {service, until} = watch(stream, {tables: ['app-owners']});
		const states = (snapshot: ConsumersSnapshot) =>
			Object.fromEntries(
				application(snapshot, 'app-owners').leases.map((state) => [
					state.lease.owner,
					{liveness: state.liveness.state, stalled: state.stalled},
				]),
			);
		await until((snapshot) => expect(snapshot.applications).toHaveLength(1));
		await dynamodb.renew('app-owners', S0);
		service.refresh();
		const snapshot = await until((current) =>
			expect(states(current)).toEqual({
				'alive-worker': {liveness: 'alive', stalled: false},
				'dead-worker': {liveness: 'stalled', stalled: true},
			}),
		);
		expect(application(snapshot, 'app-owners').summary.stalled).toBe(1);
		expect(snapshot.settled).toBe(true);
	});

	it('measures how far behind a checkpoint is: records written after it and not read, or none', async () => {
		const stream = uniqueName('kcl-lag');
		await createActiveStream(kinesis, {name: stream, shardCount: 1});
		const checkpoint = await put(stream, LOW, 'read');
		await put(stream, LOW, 'unread 1');
		const last = await put(stream, LOW, 'unread 2');
		await dynamodb.createTable('app-behind');
		await dynamodb.createTable('app-caught-up');
		await dynamodb.put('app-behind', kcl2Lease({shardId: S0, owner: 'w', checkpoint}));
		await dynamodb.put('app-caught-up', kcl2Lease({shardId: S0, owner: 'w', checkpoint: last}));
		// Both leases are of one shard: its second read is not held back for the first.
		const {until} = watch(stream, {tables: ['app-behind', 'app-caught-up'], lagIntervalMs: 0});
		const snapshot = await until((current) =>
			expect(
				current.applications?.every((found) => found.leases[0]?.lag.state === 'measured'),
			).toBe(true),
		);
		const behind = application(snapshot, 'app-behind').leases[0]!.lag;
		const caughtUp = application(snapshot, 'app-caught-up').leases[0]!.lag;
		expect(behind).toMatchObject({state: 'measured', checkpoint});
		expect(behind.state === 'measured' && behind.firstUnreadArrival).toBeInstanceOf(Date);
		expect(behind.state === 'measured' && behind.millisBehindLatest).toBeGreaterThanOrEqual(0);
		expect(caughtUp).toMatchObject({state: 'measured', millisBehindLatest: 0, checkpoint: last});
		expect(caughtUp.state === 'measured' && caughtUp.firstUnreadArrival).toBeUndefined();
		expect(application(snapshot, 'app-behind').summary.largestLagMs).toBeGreaterThanOrEqual(0);
	});

	it('reads a shard at most once each 10 s to measure lag, however many applications lease it', async () => {
		const stream = uniqueName('kcl-paced');
		await createActiveStream(kinesis, {name: stream, shardCount: 1});
		const checkpoint = await put(stream, LOW);
		await dynamodb.createTable('app-paced-1');
		await dynamodb.createTable('app-paced-2');
		await dynamodb.put('app-paced-1', kcl2Lease({shardId: S0, owner: 'w', checkpoint}));
		await dynamodb.put(
			'app-paced-2',
			kcl2Lease({shardId: S0, owner: 'w', checkpoint: 'TRIM_HORIZON'}),
		);
		const proxy = await startFaultProxy(localSettings().endpoint ?? '');
		const counting = localClient({endpoint: proxy.url});
		const service = createConsumersService(counting, dynamodb.client(), {
			tables: ['app-paced-1', 'app-paced-2'],
			intervalMs: 3_600_000,
			settleMs: 0,
		});
		services.push(service);
		service.select(stream);
		service.start();
		const describes = () => proxy.stats.operations.DescribeStreamSummary ?? 0;
		await vi.waitFor(() => expect(service.getSnapshot().applications).toHaveLength(2), within);
		// Two more looks, each begun once the one before has measured what it could.
		for (let look = 0; look < 2; look++) {
			const before = describes();
			service.refresh();
			await vi.waitFor(() => expect(describes()).toBeGreaterThan(before), within);
		}
		expect(proxy.stats.operations.GetRecords).toBe(1);
		const lags = service.getSnapshot().applications?.map((found) => found.leases[0]?.lag.state);
		expect(lags?.sort()).toEqual(['measured', 'pending']);
		service.stop();
		counting.destroy();
		await proxy.close();
	});

	it('says when a reshard left open children without a lease, and when they wait for their parent', async () => {
		const stream = uniqueName('kcl-reshard');
		await createActiveStream(kinesis, {name: stream, shardCount: 1});
		const checkpoint = await put(stream, LOW);
		const [parent] = await listShards(kinesis, stream);
		await splitShard(kinesis, stream, S0, splitMidpoint(parent!.hashKeyRange)!);
		await waitForActive(kinesis, stream, {pollMs: 50});
		const children = (await listShards(kinesis, stream))
			.filter((shard) => shard.parentShardId === S0)
			.map((shard) => shard.shardId)
			.sort();
		expect(children).toHaveLength(2);
		await dynamodb.createTable('app-done-parent');
		await dynamodb.createTable('app-reading-parent');
		await dynamodb.put(
			'app-done-parent',
			kcl2Lease({shardId: S0, owner: 'w', checkpoint: 'SHARD_END'}),
		);
		await dynamodb.put('app-reading-parent', kcl2Lease({shardId: S0, owner: 'w', checkpoint}));
		const {until} = watch(stream, {tables: ['app-done-parent', 'app-reading-parent']});
		const snapshot = await until((current) => expect(current.applications).toHaveLength(2));
		expect(application(snapshot, 'app-done-parent').summary).toMatchObject({
			finished: 1,
			unleased: children.map((shardId) => ({shardId, waitingFor: []})),
		});
		expect(application(snapshot, 'app-reading-parent').summary.unleased).toEqual(
			children.map((shardId) => ({shardId, waitingFor: [S0]})),
		);
	});
});

describe('enhanced fan-out consumers', () => {
	it('lists them, marks the explorer’s own, and deregisters one; --read-only refuses that', async () => {
		const stream = uniqueName('efo');
		await createActiveStream(kinesis, {name: stream, shardCount: 1});
		const {arn} = await describeStreamSummary(kinesis, stream);
		for (const name of ['theirs', 'ours']) {
			await kinesis.send(new RegisterStreamConsumerCommand({StreamARN: arn, ConsumerName: name}));
		}
		const readOnlyClient = localClient({readOnly: true});
		const readOnly = createConsumersService(readOnlyClient, dynamodb.client(), {settleMs: 0});
		const refused = await readOnly.deregister(stream, 'theirs');
		expect(refused).toBe(false);
		expect(readOnly.getSnapshot().operation).toMatchObject({
			state: 'failed',
			text: expect.stringMatching(/^Refused DeregisterStreamConsumer: the explorer is read-only/),
		});
		readOnlyClient.destroy();
		const {service, until} = watch(stream);
		service.markOwn(stream, 'ours');
		const listed = await until((snapshot) => expect(snapshot.fanOut).toHaveLength(2));
		expect(
			listed.fanOut
				?.map(({name, own}) => ({name, own}))
				.sort((a, b) => a.name.localeCompare(b.name)),
		).toEqual([
			{name: 'ours', own: true},
			{name: 'theirs', own: false},
		]);
		expect(listed.fanOut?.[0]?.registeredAt).toBeInstanceOf(Date);
		expect(await service.deregister(stream, 'ours')).toBe(true);
		// Deregistering takes the service a moment (DELETING): each look is asked for.
		await vi.waitFor(() => {
			service.refresh();
			expect(service.getSnapshot().fanOut?.map(({name}) => name)).toEqual(['theirs']);
		}, within);
	});
});
