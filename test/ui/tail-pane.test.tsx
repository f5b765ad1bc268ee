import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it, type TestContext, vi} from 'vitest';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import type {UserRecord} from '../../source/model/records.js';
import {listShards, splitShard} from '../../source/kinesis/shards.js';
import {createTailService, type TailService} from '../../source/services/tail/tail-service.js';
import {type ShardStatus, startTailer} from '../../source/services/tail/tailer.js';
import {createTailShards, type TailShardsService} from '../../source/services/tail/tail-shards.js';
import {TailPane} from '../../source/ui/tail/tail-pane.js';
import {type FaultProxy, startFaultProxy, startTestProxy} from '../support/fault-proxy.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {PaneHarness} from '../support/pane-harness.js';
import {frameWith, KEY, type} from '../support/ui.js';

// Each test has a pane and services of its own, stopped when it ends.
describe('the tail pane', () => {
	let client: KinesisClient;
	/** Where the panes' calls go, unless a test counts them through a proxy of its own. */
	let proxy: FaultProxy;
	const stream = uniqueName('tail-ui');
	let shardIds: string[] = [];
	const put = async (records: Array<{partitionKey: string; data: string}>) => {
		const outcomes = await putRecordBatch(
			client,
			stream,
			records.map((record) => ({
				partitionKey: record.partitionKey,
				data: new TextEncoder().encode(record.data),
			})),
		);
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
	};

	beforeAll(async () => {
		client = localClient();
		proxy = await startFaultProxy(localSettings().endpoint!);
		await createActiveStream(client, {name: stream, shardCount: 2});
		shardIds = (await listShards(client, stream)).map((shard) => shard.shardId);
		await put([
			{partitionKey: 'note', data: 'plain text'},
			{partitionKey: 'order-1', data: '{"order":1,"total":12.5,"items":["espresso"]}'},
		]);
	});
	afterAll(async () => {
		client.destroy();
		await proxy.close();
	});

	function renderPane(
		{onTestFinished}: TestContext,
		{
			shardId,
			on = stream,
			through = proxy,
			relistMs,
		}: {shardId?: string; on?: string; through?: FaultProxy; relistMs?: number} = {},
	) {
		const paneClient = localClient({endpoint: through.url});
		const service: TailService = createTailService(paneClient, {flushMs: 50});
		const shards: TailShardsService = createTailShards(paneClient, {intervalMs: relistMs});
		shards.start();
		onTestFinished(() => {
			service.stop();
			shards.stop();
			paneClient.destroy();
		});
		const rendered = render(
			<PaneHarness>
				<TailPane
					service={service}
					shards={shards}
					stream={on}
					shardId={shardId}
					size={{width: 100, height: 30}}
					focused
				/>
			</PaneHarness>,
		);
		onTestFinished(() => rendered.unmount());
		return {...rendered, service, shards};
	}

	/** From the chooser's first menu: all shards, TRIM_HORIZON, polling. */
	async function tailFromTrimHorizon(
		{expect}: TestContext,
		stdin: {write(data: string): void},
		lastFrame: () => string | undefined,
	) {
		await frameWith(lastFrame, (frame) => expect(frame).toContain('❯ all shards'));
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Start from:'));
		await type(stdin, 'j');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('❯ TRIM_HORIZON'));
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Read by:'));
		await type(stdin, KEY.enter);
	}

	it('counts every key of a burst in its menus, and stops at their ends', async (context) => {
		const {expect} = context;
		const {lastFrame, stdin, unmount} = renderPane(context);
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`${shardIds[1]}  open`));
		// All at once, as a held key sends them: each moves one row, and none goes past the last.
		stdin.write('jjjjj');
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`❯ ${shardIds[1]}`));
		stdin.write('kkkkk');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('❯ all shards'));
		await type(stdin, 'G');
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`❯ ${shardIds[1]}`));
		await type(stdin, 'g', KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Start from:'));
		stdin.write('jj');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('❯ AT_TIMESTAMP'));
		unmount();
	});

	it('refuses a time it cannot read, and starts AT_TIMESTAMP from one it can', async (context) => {
		const {expect} = context;
		const {lastFrame, stdin, unmount} = renderPane(context);
		await frameWith(lastFrame, (frame) => expect(frame).toContain(shardIds[1]));
		await type(stdin, 'j', 'j');
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`❯ ${shardIds[1]}`));
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('AT_SEQUENCE_NUMBER'));
		await type(stdin, 'j', 'j');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('❯ AT_TIMESTAMP'));
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Time (ISO 8601'));
		await type(stdin, 'yesterday');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('yesterday'));
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('"yesterday" is not a time'));
		await type(stdin, KEY.ctrlU, '1d');
		await frameWith(lastFrame, (frame) => expect(frame).not.toContain('yesterday'));
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Read by:'));
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(new RegExp(`Tail · ${stream} · ${shardIds[1]} · AT_TIMESTAMP \\d{4}-`));
			expect(frame).toContain('1 shard');
		});
		unmount();
	});

	it('opens on all shards, as the tail command does, the shard chosen in the tree marked', async (context) => {
		const {expect} = context;
		const {lastFrame, unmount} = renderPane(context, {shardId: shardIds[1]});
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('❯ all shards');
			expect(frame).toContain(`  ${shardIds[1]}  open  (chosen in the shard tree)`);
		});
		unmount();
	});

	it('offers a new tail the shards of the stream selected now, never a list kept from before', async (context) => {
		const {expect} = context;
		const other = uniqueName('tail-ui-other');
		await createActiveStream(client, {name: other, shardCount: 1});
		const {lastFrame, stdin, frames, rerender, unmount, service, shards} = renderPane(context);
		await tailFromTrimHorizon(context, stdin, lastFrame);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('order-1'));
		rerender(
			<PaneHarness>
				<TailPane
					service={service}
					shards={shards}
					stream={other}
					size={{width: 100, height: 30}}
					focused
				/>
			</PaneHarness>,
		);
		const shown = frames.length;
		await type(stdin, 'n');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('shardId-000000000000  open'));
		// Not a frame with the first stream's shards, which a key pressed then would pick.
		expect(frames.slice(shown).filter((frame) => frame.includes(shardIds[1]!))).toEqual([]);
		unmount();
	});

	// These three wait on the engine (a subscription, a reshard, a tail's pace): they run side by side,
	// each counting calls through a proxy of its own where it counts them.
	it.concurrent(
		'reads by enhanced fan-out when asked, as the consumer named: subscribed, never polled',
		async (context) => {
			const {expect} = context;
			// A proxy of its own, which counts this pane's calls alone: a call of the test before may still
			// reach the file's proxy after its tail was stopped.
			const own = await startTestProxy(context, localSettings().endpoint!);
			const {lastFrame, stdin, unmount, service} = renderPane(context, {through: own});
			await frameWith(lastFrame, (frame) => expect(frame).toContain('❯ all shards'));
			await type(stdin, KEY.enter, 'j', KEY.enter);
			await frameWith(lastFrame, (frame) => expect(frame).toContain('Read by:'));
			await type(stdin, 'j', KEY.enter);
			await frameWith(lastFrame, (frame) =>
				expect(frame).toContain('Consumer name: kinesis-explorer'),
			);
			await type(stdin, '/', KEY.enter);
			await frameWith(lastFrame, (frame) =>
				expect(frame).toContain('A consumer name is 1 to 128 letters, digits, _ . and -.'),
			);
			await type(stdin, KEY.backspace, KEY.enter);
			await frameWith(lastFrame, (frame) => {
				expect(frame).toContain(`${stream} · all shards · TRIM_HORIZON · fan-out kinesis-explorer`);
				expect(frame).toContain('order-1');
			});
			unmount();
			service.stop();
			await own.close();
			const made = (operation: string) => own.stats.operations[operation] ?? 0;
			expect(made('SubscribeToShard')).toBeGreaterThanOrEqual(1);
			expect(made('GetRecords')).toBe(0);
			expect(made('GetShardIterator')).toBe(0);
		},
	);

	it.concurrent(
		'lists the shards again while the chooser is open: a split shows its children, the cursor stays',
		async (context) => {
			const {expect} = context;
			const resharded = uniqueName('tail-ui-split');
			await createActiveStream(client, {name: resharded, shardCount: 1});
			// Listed again each half second, not each 5: what is proven is that a list comes again.
			const {lastFrame, stdin, unmount} = renderPane(context, {
				shardId: 'shardId-000000000000',
				on: resharded,
				relistMs: 500,
			});
			await frameWith(lastFrame, (frame) =>
				expect(frame).toContain('shardId-000000000000  open  (chosen in the shard tree)'),
			);
			await type(stdin, 'j');
			await frameWith(lastFrame, (frame) =>
				expect(frame).toContain('❯ shardId-000000000000  open  (chosen in the shard tree)'),
			);
			await splitShard(client, resharded, 'shardId-000000000000', 2n ** 127n);
			await frameWith(lastFrame, (frame) => {
				expect(frame).toContain('❯ shardId-000000000000  closed  (chosen in the shard tree)');
				expect(frame).toContain('shardId-000000000001  open');
				expect(frame).toContain('shardId-000000000002  open');
			});
			unmount();
		},
	);

	it.concurrent(
		'pauses with space: nothing is read meanwhile, and on resume what arrived shows',
		async (context) => {
			const {expect} = context;
			// The paused pane's calls alone go through this one, to be counted.
			const own = await startTestProxy(context, localSettings().endpoint!);
			const {lastFrame, stdin, unmount} = renderPane(context, {through: own});
			await tailFromTrimHorizon(context, stdin, lastFrame);
			await frameWith(lastFrame, (frame) => expect(frame).toContain('● caught up'));
			await type(stdin, ' ');
			await frameWith(lastFrame, (frame) => expect(frame).toContain('● paused'));

			// A tail of the same stream that is not paused, through a proxy of its own, at the same pace:
			// once it has the record and has asked again twice, the paused one would have asked too.
			const watching = await startFaultProxy(localSettings().endpoint!);
			const watcher = localClient({endpoint: watching.url});
			const seen: UserRecord[] = [];
			let shards: ReadonlyMap<string, ShardStatus> = new Map();
			const other = startTailer(
				watcher,
				{stream, position: {type: 'LATEST'}},
				{
					onRecords: (records) => {
						seen.push(...records);
					},
					onShards: (next) => {
						shards = next;
					},
				},
			);
			const within = {timeout: 30_000, interval: 20};
			await vi.waitFor(() => {
				const states = [...shards.values()].map((status) => status.state);
				expect(states).toEqual(['caught-up', 'caught-up']);
			}, within);
			const pausedCalls = own.stats.operations.GetRecords ?? 0;
			await put([{partitionKey: 'while-paused', data: 'arrived during the pause'}]);
			await vi.waitFor(
				() => expect(seen.map((record) => record.partitionKey)).toContain('while-paused'),
				within,
			);
			const watched = watching.stats.operations.GetRecords ?? 0;
			await vi.waitFor(
				() => expect(watching.stats.operations.GetRecords).toBeGreaterThanOrEqual(watched + 4),
				within,
			);
			other.stop();
			watcher.destroy();
			await watching.close();
			expect(lastFrame()).toContain('● paused');
			expect(lastFrame()).not.toContain('arrived during the pause');
			// A call already on its way when space was pressed may still have gone out; no more.
			expect(own.stats.operations.GetRecords ?? 0).toBeLessThanOrEqual(pausedCalls + 1);

			await type(stdin, ' ');
			await frameWith(lastFrame, (frame) => {
				expect(frame).not.toContain('● paused');
				expect(frame).toContain('arrived during the pause');
			});
			unmount();
		},
	);
});
