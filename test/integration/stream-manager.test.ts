import {
	type KinesisClient,
	RegisterStreamConsumerCommand,
	UpdateShardCountCommand,
} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, inject, it, type TestContext, vi} from 'vitest';
import {createStreamManager, type StreamRequest} from '../../source/services/stream-manager.js';
import {
	createStream,
	describeStreamSummary,
	listTags,
	waitForActive,
} from '../../source/kinesis/streams.js';
import {useOwnEngine} from '../support/engine.js';
import {startFaultProxy} from '../support/fault-proxy.js';
import {createActiveStream, localClient, uniqueName} from '../support/kinesis.js';

const within = {timeout: 60_000, interval: 50};

// Each test on a stream of its own, with a manager and a proxy of its own: side by side.
describe.concurrent('managing streams on the engine', () => {
	let client: KinesisClient;

	beforeAll(() => {
		client = localClient();
	});
	afterAll(() => client.destroy());

	function manager(through = client) {
		const changed = vi.fn();
		const service = createStreamManager(through, {onChanged: changed, settleMs: 0});
		service.start();
		return {service, changed};
	}

	async function runOk(service: ReturnType<typeof manager>['service'], request: StreamRequest) {
		const accepted = await service.run(request);
		expect(service.getSnapshot().operation).toMatchObject({state: 'done'});
		expect(accepted).toBe(true);
		if (request.type !== 'delete' && request.type !== 'create') {
			await waitForActive(client, request.stream, {pollMs: 100});
		}
	}

	/** Waits until the stream is gone: DescribeStreamSummary says it is not found. */
	async function gone(stream: string) {
		await vi.waitFor(
			() =>
				expect(describeStreamSummary(client, stream)).rejects.toMatchObject({
					name: 'ResourceNotFoundException',
				}),
			within,
		);
	}

	// First and alone: the manager's CreateStream is not retried while five other streams are being
	// created.
	it.sequential('creates provisioned and on-demand streams', async () => {
		const {service, changed} = manager();
		const provisioned = uniqueName('made');
		const onDemand = uniqueName('made-od');
		await runOk(service, {type: 'create', stream: {name: provisioned, shardCount: 3}});
		await runOk(service, {type: 'create', stream: {name: onDemand, onDemand: true}});
		expect(service.getSnapshot().operation?.text).toBe(
			`Created ${onDemand} (on-demand); it is ACTIVE in a moment.`,
		);
		expect(await waitForActive(client, provisioned)).toMatchObject({
			openShardCount: 3,
			mode: 'PROVISIONED',
		});
		expect((await waitForActive(client, onDemand)).mode).toBe('ON_DEMAND');
		expect(changed).toHaveBeenCalledTimes(2);
		service.stop();
	});

	it('changes retention, tags, monitoring, encryption and capacity mode, and shows them', async () => {
		const stream = uniqueName('managed');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const {service} = manager();
		service.select(stream);
		await vi.waitFor(() => expect(service.getSnapshot().tags).toEqual([]), within);

		await runOk(service, {type: 'retention', stream, hours: 168, currentHours: 24});
		expect((await describeStreamSummary(client, stream)).retentionHours).toBe(168);
		await runOk(service, {type: 'retention', stream, hours: 48, currentHours: 168});
		expect((await describeStreamSummary(client, stream)).retentionHours).toBe(48);

		await runOk(service, {
			type: 'tags',
			stream,
			add: [
				{key: 'team', value: 'data'},
				{key: 'env', value: 'dev'},
			],
			remove: [],
		});
		await runOk(service, {type: 'tags', stream, add: [{key: 'owner', value: ''}], remove: ['env']});
		expect(await listTags(client, stream)).toEqual([
			{key: 'owner', value: ''},
			{key: 'team', value: 'data'},
		]);
		// The detail follows each write.
		await vi.waitFor(() => expect(service.getSnapshot().tags).toHaveLength(2), within);

		await runOk(service, {
			type: 'monitoring',
			stream,
			enable: ['IncomingBytes', 'OutgoingRecords'],
			disable: [],
		});
		await runOk(service, {type: 'monitoring', stream, enable: [], disable: ['IncomingBytes']});
		expect((await describeStreamSummary(client, stream)).enhancedMetrics).toEqual([
			'OutgoingRecords',
		]);

		await runOk(service, {type: 'encrypt', stream, keyId: 'alias/aws/kinesis'});
		expect(await describeStreamSummary(client, stream)).toMatchObject({
			encryption: 'KMS',
			keyId: 'alias/aws/kinesis',
		});
		await runOk(service, {type: 'decrypt', stream, keyId: 'alias/aws/kinesis'});
		expect((await describeStreamSummary(client, stream)).encryption).toBe('NONE');

		const {arn} = await describeStreamSummary(client, stream);
		await runOk(service, {type: 'mode', stream, arn: arn!, mode: 'ON_DEMAND'});
		expect((await describeStreamSummary(client, stream)).mode).toBe('ON_DEMAND');
		await runOk(service, {type: 'mode', stream, arn: arn!, mode: 'PROVISIONED'});
		expect((await describeStreamSummary(client, stream)).mode).toBe('PROVISIONED');
		service.stop();
	});

	it('shows the engine refusing a malformed KMS key id, in its own words', async () => {
		const stream = uniqueName('bad-key');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const {service, changed} = manager();
		expect(await service.run({type: 'encrypt', stream, keyId: 'not-a-key'})).toBe(false);
		expect(service.getSnapshot().operation).toEqual({
			state: 'failed',
			text: 'InvalidArgumentException: Received KeyId is not a properly formatted Alias or GUID',
		});
		expect(changed).not.toHaveBeenCalled();
		expect((await describeStreamSummary(client, stream)).encryption).toBe('NONE');
		service.stop();
	});

	it('lists the consumers in the detail, and refuses to delete their stream without them, sending nothing', async (context) => {
		const stream = uniqueName('consumed');
		await createActiveStream(client, {name: stream, shardCount: 1});
		await registerConsumers(client, stream, ['app-1', 'app-2']);
		const {through, proxy} = await countedClient(inject('endpoint'), context);
		const {service, changed} = manager(through);
		service.select(stream);
		await vi.waitFor(
			() =>
				expect(service.getSnapshot().consumers?.map((consumer) => consumer.name)).toEqual([
					'app-1',
					'app-2',
				]),
			within,
		);

		expect(await service.run({type: 'delete', stream})).toBe(false);
		expect(service.getSnapshot().operation).toEqual({
			state: 'failed',
			text: `Kept ${stream}: consumers are registered on it (app-1, app-2). Delete them with it, or deregister them first.`,
		});
		// Chosen with only one of them (the other registered since the dialog showed them).
		expect(await service.run({type: 'delete', stream, withConsumers: ['app-1']})).toBe(false);
		expect(service.getSnapshot().operation?.text).toBe(
			`Kept ${stream}: it has consumers you did not choose to delete with it (app-2).`,
		);

		// kinesis-local would have removed the stream half a second after any DeleteStream.
		expect(proxy.stats.operations.DeleteStream).toBeUndefined();
		expect(changed).not.toHaveBeenCalled();
		expect((await describeStreamSummary(client, stream)).status).toBe('ACTIVE');
		service.stop();
	});

	it('deletes a stream with its consumers when they are chosen (EnforceConsumerDeletion)', async (context) => {
		const stream = uniqueName('consumed-doomed');
		await createActiveStream(client, {name: stream, shardCount: 1});
		await registerConsumers(client, stream, ['app-1', 'app-2']);
		const {through, deletes} = await countedClient(inject('endpoint'), context);
		const {service, changed} = manager(through);
		await runOk(service, {type: 'delete', stream, withConsumers: ['app-1', 'app-2']});
		expect(service.getSnapshot().operation?.text).toBe(`Deleted ${stream} and its consumers.`);
		expect(deletes).toEqual([{StreamName: stream, EnforceConsumerDeletion: true}]);
		expect(changed).toHaveBeenCalledTimes(1);
		await gone(stream);
		service.stop();
	});

	it('deletes a stream', async (context) => {
		const stream = uniqueName('doomed');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const {through, deletes} = await countedClient(inject('endpoint'), context);
		const {service} = manager(through);
		await runOk(service, {type: 'delete', stream});
		expect(service.getSnapshot().operation?.text).toBe(`Deleted ${stream}.`);
		expect(deletes).toEqual([{StreamName: stream}]);
		await gone(stream);
		service.stop();
	});

	it('refuses every write under --read-only, saying so, and changes nothing', async () => {
		const stream = uniqueName('guarded');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const before = await describeStreamSummary(client, stream);
		const readOnly = localClient({readOnly: true});
		const {service, changed} = manager(readOnly);
		const requests: Array<[StreamRequest, string]> = [
			[{type: 'create', stream: {name: uniqueName('never'), shardCount: 1}}, 'CreateStream'],
			[{type: 'delete', stream}, 'DeleteStream'],
			[{type: 'retention', stream, hours: 48, currentHours: 24}, 'IncreaseStreamRetentionPeriod'],
			[{type: 'retention', stream, hours: 24, currentHours: 48}, 'DecreaseStreamRetentionPeriod'],
			[{type: 'tags', stream, add: [{key: 'a', value: 'b'}], remove: []}, 'AddTagsToStream'],
			[{type: 'tags', stream, add: [], remove: ['a']}, 'RemoveTagsFromStream'],
			[
				{type: 'monitoring', stream, enable: ['IncomingBytes'], disable: []},
				'EnableEnhancedMonitoring',
			],
			[
				{type: 'monitoring', stream, enable: [], disable: ['IncomingBytes']},
				'DisableEnhancedMonitoring',
			],
			[{type: 'encrypt', stream, keyId: 'alias/aws/kinesis'}, 'StartStreamEncryption'],
			[{type: 'decrypt', stream, keyId: 'alias/aws/kinesis'}, 'StopStreamEncryption'],
			[{type: 'mode', stream, arn: before.arn!, mode: 'ON_DEMAND'}, 'UpdateStreamMode'],
		];
		for (const [request, operation] of requests) {
			expect(await service.run(request)).toBe(false);
			expect(service.getSnapshot().operation).toEqual({
				state: 'failed',
				text: `Refused ${operation}: the explorer is read-only (--read-only), and ${operation} writes.`,
			});
		}
		expect(changed).not.toHaveBeenCalled();
		expect(await describeStreamSummary(client, stream)).toEqual(before);
		expect(await listTags(client, stream)).toEqual([]);
		service.stop();
		readOnly.destroy();
	});
});

/**
 * A stream that is not ACTIVE, on engines of their own that hold it CREATING or UPDATING for ten
 * minutes: the shared engine's streams change state in half a second, too soon to be caught. The two
 * engines start side by side.
 */
describe.concurrent('a stream that is not ACTIVE is kept, and no DeleteStream is sent', () => {
	describe('CREATING', () => {
		const engine = useOwnEngine({CREATE_STREAM_DURATION: '10m'});

		it('is refused, saying why', async (context) => {
			const engineClient = engine.client();
			const stream = uniqueName('creating');
			await createStream(engineClient, {name: stream, shardCount: 1});
			expect((await describeStreamSummary(engineClient, stream)).status).toBe('CREATING');
			const {through, proxy} = await countedClient(engine.endpoint, context);
			const service = createStreamManager(through, {settleMs: 0});
			expect(await service.run({type: 'delete', stream})).toBe(false);
			expect(service.getSnapshot().operation).toEqual({
				state: 'failed',
				text: `Kept ${stream}: it is CREATING, and Kinesis deletes a stream only while it is ACTIVE.`,
			});
			expect(proxy.stats.operations.DeleteStream).toBeUndefined();
			expect((await describeStreamSummary(engineClient, stream)).status).toBe('CREATING');
		});
	});

	describe('UPDATING', () => {
		const engine = useOwnEngine({UPDATE_SHARD_COUNT_DURATION: '10m'});

		it('is refused, saying why', async (context) => {
			const engineClient = engine.client();
			const stream = uniqueName('updating');
			await createActiveStream(engineClient, {name: stream, shardCount: 1});
			await engineClient.send(
				new UpdateShardCountCommand({
					StreamName: stream,
					TargetShardCount: 2,
					ScalingType: 'UNIFORM_SCALING',
				}),
			);
			expect((await describeStreamSummary(engineClient, stream)).status).toBe('UPDATING');
			const {through, proxy} = await countedClient(engine.endpoint, context);
			const service = createStreamManager(through, {settleMs: 0});
			expect(await service.run({type: 'delete', stream, withConsumers: []})).toBe(false);
			expect(service.getSnapshot().operation?.text).toBe(
				`Kept ${stream}: it is UPDATING, and Kinesis deletes a stream only while it is ACTIVE.`,
			);
			expect(proxy.stats.operations.DeleteStream).toBeUndefined();
			expect((await describeStreamSummary(engineClient, stream)).status).toBe('UPDATING');
		});
	});
});

/**
 * A client whose calls go through a proxy that counts them by operation and keeps what each
 * DeleteStream asked: a refusal must send none. Closed when the test ends.
 */
async function countedClient(endpoint: string, {onTestFinished}: TestContext) {
	const deletes: Array<Record<string, unknown>> = [];
	const proxy = await startFaultProxy(endpoint, (request) => {
		if (request.operation === 'DeleteStream') {
			deletes.push(request.body);
		}
		return undefined;
	});
	const through = localClient({endpoint: proxy.url});
	onTestFinished(async () => {
		through.destroy();
		await proxy.close();
	});
	return {through, proxy, deletes};
}

/** Registers enhanced fan-out consumers on the stream, one after the other. */
async function registerConsumers(client: KinesisClient, stream: string, names: readonly string[]) {
	const {arn} = await describeStreamSummary(client, stream);
	for (const name of names) {
		await client.send(new RegisterStreamConsumerCommand({StreamARN: arn, ConsumerName: name}));
	}
}
