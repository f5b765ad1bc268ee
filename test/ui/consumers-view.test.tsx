import {
	type KinesisClient,
	PutRecordCommand,
	RegisterStreamConsumerCommand,
} from '@aws-sdk/client-kinesis';
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it, onTestFinished, vi} from 'vitest';
import {listShards, splitShard} from '../../source/kinesis/shards.js';
import {describeStreamSummary, waitForActive} from '../../source/kinesis/streams.js';
import {createStore} from '../../source/lib/store.js';
import {splitMidpoint} from '../../source/model/hash-keys.js';
import {
	type ConsumersService,
	createConsumersService,
} from '../../source/services/consumers/consumers-service.js';
import {ConsumersView} from '../../source/ui/consumers/consumers-view.js';
import type {TailUse} from '../../source/ui/consumers/own-consumer.js';
import {useOwnDynamoDB} from '../support/dynamodb.js';
import {createActiveStream, localClient, uniqueName} from '../support/kinesis.js';
import {kcl2Lease} from '../support/leases.js';
import {PaneHarness} from '../support/pane-harness.js';
import {flat, frameWith, KEY, type} from '../support/ui.js';

/**
 * The consumers view against the shared Kinesis engine and a dynalite of this file's own, over real
 * HTTP: a stream resharded under a KCL application written as the KCL 2.x writes its lease table,
 * fan-out consumers registered on it, and the view read frame by frame.
 */

const dynamodb = useOwnDynamoDB();
const S = (index: number) => `shardId-00000000000${index}`;
const TABLE = 'orders-analytics';

describe('the consumers view', () => {
	let kinesis: KinesisClient;
	const services: ConsumersService[] = [];
	const stream = uniqueName('consumers-view');
	let arn = '';
	let renewals: NodeJS.Timeout | undefined;

	beforeAll(async () => {
		kinesis = localClient();
		// Three shards, the last split in two: the application finished it, leased one child only.
		await createActiveStream(kinesis, {name: stream, shardCount: 3});
		const shards = await listShards(kinesis, stream);
		const put = async (shard: number) => {
			const range = shards[shard]!.hashKeyRange;
			const {SequenceNumber} = await kinesis.send(
				new PutRecordCommand({
					StreamName: stream,
					PartitionKey: 'k',
					ExplicitHashKey: range.start.toString(),
					Data: Buffer.from('{"n":1}'),
				}),
			);
			return SequenceNumber!;
		};
		const read = await put(1);
		// Written after the checkpoint: worker-b is behind on shard 1.
		await put(1);
		await put(1);
		await splitShard(kinesis, stream, S(2), splitMidpoint(shards[2]!.hashKeyRange)!);
		await waitForActive(kinesis, stream, {pollMs: 50});
		await dynamodb.createTable(TABLE);
		await dynamodb.put(
			TABLE,
			kcl2Lease({shardId: S(0), owner: 'worker-a', counter: 5, checkpoint: 'TRIM_HORIZON'}),
			kcl2Lease({shardId: S(1), owner: 'worker-b', counter: 9, checkpoint: read}),
			kcl2Lease({shardId: S(2), owner: 'worker-b', counter: 3, checkpoint: 'SHARD_END'}),
			kcl2Lease({
				shardId: S(3),
				owner: 'worker-b',
				counter: 2,
				checkpoint: 'TRIM_HORIZON',
				parents: [S(2)],
			}),
		);
		// worker-b lives: it renews its leases as a KCL worker does; worker-a is gone.
		renewals = setInterval(() => {
			for (const shard of [1, 3]) {
				void dynamodb.renew(TABLE, S(shard)).catch(() => undefined);
			}
		}, 250);
		({arn} = (await describeStreamSummary(kinesis, stream)) as {arn: string});
		for (const name of ['their-reader', 'explorer-tail']) {
			await kinesis.send(new RegisterStreamConsumerCommand({StreamARN: arn, ConsumerName: name}));
		}
	});
	afterAll(() => {
		clearInterval(renewals);
		for (const service of services) {
			service.stop();
		}
		kinesis?.destroy();
	});

	function renderView({
		readOnly = false,
		height = 32,
		tail = createStore<TailUse>({status: 'idle'}),
		dynamodbClient = dynamodb.client(),
	}: {
		readOnly?: boolean;
		height?: number;
		tail?: ReturnType<typeof createStore<TailUse>>;
		dynamodbClient?: DynamoDBClient;
	} = {}) {
		const service = createConsumersService(kinesis, dynamodbClient, {
			intervalMs: 300,
			lagIntervalMs: 0,
			stallAfterMs: 1500,
			settleMs: 0,
		});
		services.push(service);
		service.start();
		// The view's service stops with its test: its scans, lists and lag reads every 300 ms would
		// otherwise go on, for nothing, until the file ends.
		onTestFinished(() => service.stop());
		// The explorer's fan-out tail registered this one.
		service.markOwn(stream, 'explorer-tail');
		const onClose = vi.fn();
		const rendered = render(
			<PaneHarness hints>
				<ConsumersView
					service={service}
					stream={stream}
					tail={tail}
					readOnly={readOnly}
					size={{width: 100, height}}
					focused
					onClose={onClose}
				/>
			</PaneHarness>,
		);
		onTestFinished(() => rendered.unmount());
		return {...rendered, service, onClose, tail};
	}

	it('shows the fan-out consumers and the KCL application lease by lease: owners alive and stalled, lag, the shard nobody reads', async () => {
		const {lastFrame, stdin, unmount, onClose} = renderView();
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`c Consumers · ${stream}`);
			expect(frame).toContain('Enhanced fan-out consumers (2)');
			expect(frame).toMatch(/their-reader +(CREATING|ACTIVE) +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
			expect(frame).toMatch(/explorer-tail ★ the explorer’s own/);
			expect(frame).toContain(
				'KCL applications: 1 found among the 1 table looked at (keyed by leaseKey',
			);
			expect(frame).toContain('orders-analytics · 4 leases');
			expect(frame).toContain('workers: worker-b 3 leases, worker-a 1 lease');
			expect(frame).toMatch(
				/SHARD +OWNER +OWNER STATE +COUNTER +CHECKPOINT +BEHIND +UNREAD +PARENTS/,
			);
			expect(frame).toMatch(/^│ {3}0 +worker-a +stalled \d+ s +5 TRIM_HORIZON +0 ms +none/m);
			expect(frame).toMatch(/^│ {3}1 +worker-b +alive +\d+ …\d{7} +\d+ (ms|s) +\d\d:\d\d:\d\d/m);
			expect(frame).toMatch(/^│ {3}2 +worker-b +done +3 SHARD_END +0 ms +none/m);
			expect(frame).toMatch(/^│ {3}3 +worker-b +alive +\d+ TRIM_HORIZON +0 ms +none +2 +│$/m);
			expect(frame).toContain(
				'After a reshard, nobody reads shard 4: it is open and orders-analytics has no lease for it.',
			);
			expect(frame).toMatch(/1 stalled · 1 at SHARD_END · 1 open without a lease/);
		});
		// The own consumer's tail has ended: the view offers it, and so does the status bar.
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(
				'explorer-tail is the explorer’s own, and its tail has ended: d deregisters it',
			);
			expect(flat(frame)).toContain(
				'hints: j/↓ move · d deregister explorer-tail (the explorer’s own, its tail ended) · r refresh · esc close',
			);
		});
		await type(stdin, KEY.escape);
		await vi.waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
		unmount();
	});

	it('scrolls its rows with j, k, G, g and a page at a time', async () => {
		const {lastFrame, stdin, unmount} = renderView({height: 12});
		// Every row there is, before moving to the last.
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('every lag measured, every owner seen');
			expect(frame).toContain('Enhanced fan-out consumers (2)');
			expect(frame).not.toContain('After a reshard');
		});
		await type(stdin, 'G');
		await frameWith(lastFrame, (frame) => {
			expect(frame).not.toContain('Enhanced fan-out consumers');
			expect(frame).toMatch(/shard \d: lag unknown|After a reshard, nobody reads shard 4/);
		});
		await type(stdin, 'g');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('Enhanced fan-out consumers (2)'),
		);
		// Nine rows fit under the status line: the tenth j scrolls the first row away, k brings it back.
		// Nine keys at once, as a held key sends them: each moves a row all the same, in one redraw.
		await type(stdin, 'jjjjjjjjj');
		await frameWith(lastFrame, (frame) =>
			expect(frame).not.toContain('Enhanced fan-out consumers'),
		);
		await type(stdin, 'kkkkkkkkk');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('Enhanced fan-out consumers (2)'),
		);
		await type(stdin, '\u001B[6~');
		await frameWith(lastFrame, (frame) =>
			expect(frame).not.toContain('Enhanced fan-out consumers'),
		);
		await type(stdin, '\u001B[5~');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('Enhanced fan-out consumers (2)'),
		);
		unmount();
	});

	it('offers no deregistration of its own consumer while a fan-out tail reads through it', async () => {
		const tail = createStore<TailUse>({
			status: 'running',
			target: {stream, position: {type: 'LATEST'}, consumer: 'explorer-tail'},
		});
		const {lastFrame, unmount} = renderView({tail});
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(/explorer-tail ★ the explorer’s own/);
			expect(frame).toContain('hints: j/↓ move · r refresh · esc close');
		});
		expect(lastFrame()).not.toContain('its tail has ended');
		tail.set({status: 'idle', target: tail.getSnapshot().target});
		await frameWith(lastFrame, (frame) => expect(frame).toContain('its tail has ended'));
		unmount();
	});

	it('refuses to deregister under --read-only, and says why', async () => {
		const {lastFrame, stdin, unmount} = renderView({readOnly: true});
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('d deregister: off (--read-only)'),
		);
		await type(stdin, 'd');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(
				'⚠ Refused: the explorer is read-only (--read-only). Deregistering explorer-tail is a write.',
			),
		);
		expect(lastFrame()).not.toContain('Deregister explorer-tail?');
		unmount();
	});

	it('deregisters a consumer once its name is typed, and not before', async () => {
		const {lastFrame, stdin, unmount} = renderView();
		await frameWith(lastFrame, (frame) => expect(frame).toContain('its tail has ended'));
		await type(stdin, 'd');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('Deregister explorer-tail?');
			expect(flat(frame)).toContain("Type the consumer's name to confirm.");
		});
		await type(stdin, 'explorer', KEY.enter);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(
				'That is not the name: type explorer-tail exactly, or esc to keep it.',
			),
		);
		await type(stdin, '-tail', KEY.enter);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('Deregistered the fan-out consumer explorer-tail.');
			expect(frame).toContain('Enhanced fan-out consumers (1)');
			expect(frame).not.toContain('explorer-tail ★');
		});
		unmount();
	});

	it('says in one line that DynamoDB cannot be reached, and shows the fan-out consumers all the same', async () => {
		const {lastFrame, unmount} = renderView({
			dynamodbClient: dynamodb.client({dynamodbEndpoint: 'http://127.0.0.1:9'}),
		});
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(/^│ KCL applications: ⚠ .*DynamoDB/m);
			expect(frame).toContain('their-reader');
			expect(frame).not.toContain('orders-analytics');
		});
		unmount();
	});
});
