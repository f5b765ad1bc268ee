import {type KinesisClient, RegisterStreamConsumerCommand} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {createStreamManager, type StreamRequest} from '../../source/kinesis/stream-manager.js';
import {
	describeStreamSummary,
	listAllStreams,
	listTags,
	waitForActive,
} from '../../source/kinesis/streams.js';
import {createActiveStream, localClient, uniqueName} from '../support/kinesis.js';

const within = {timeout: 60_000, interval: 50};

describe('managing streams on the engine', () => {
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

	it('creates provisioned and on-demand streams', async () => {
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

	it('lists the consumers in the detail, and shows the engine refusing to delete their stream', async () => {
		const stream = uniqueName('consumed');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const {arn} = await describeStreamSummary(client, stream);
		await client.send(new RegisterStreamConsumerCommand({StreamARN: arn, ConsumerName: 'app-1'}));
		const {service} = manager();
		service.select(stream);
		await vi.waitFor(
			() =>
				expect(service.getSnapshot().consumers?.map((consumer) => consumer.name)).toEqual([
					'app-1',
				]),
			within,
		);
		expect(await service.run({type: 'delete', stream})).toBe(false);
		expect(service.getSnapshot().operation?.text).toMatch(
			/^ResourceInUseException: Consumers exist in stream/,
		);
		expect((await describeStreamSummary(client, stream)).status).toBe('ACTIVE');
		service.stop();
	});

	it('deletes a stream', async () => {
		const stream = uniqueName('doomed');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const {service} = manager();
		await runOk(service, {type: 'delete', stream});
		await vi.waitFor(async () => {
			const names = (await listAllStreams(client)).map((listing) => listing.name);
			expect(names).not.toContain(stream);
		}, within);
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
