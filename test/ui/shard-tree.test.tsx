import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, it, type TestContext, vi} from 'vitest';
import {App} from '../../source/app.js';
import {splitMidpoint} from '../../source/model/hash-keys.js';
import {createShardTree, type ShardTreeService} from '../../source/services/shard-tree.js';
import {createStore} from '../../source/lib/store.js';
import {listShards, splitShard} from '../../source/kinesis/shards.js';
import {createServices, startServices, stopServices} from '../../source/services/services.js';
import {ShardTreePane} from '../../source/ui/shard-tree/shard-tree-pane.js';
import {type FaultRule, faults, startTestProxy} from '../support/fault-proxy.js';
import {
	createActiveStream,
	localClient,
	localSettings,
	noLeaseTables,
	uniqueName,
} from '../support/kinesis.js';
import {useOwnEngine} from '../support/engine.js';
import {PaneHarness} from '../support/pane-harness.js';
import {flat, frameWith, KEY, type} from '../support/ui.js';

const ENTER = KEY.enter;
const ESC = KEY.escape;

const id = (index: number) => `shardId-${String(index).padStart(12, '0')}`;

// Each test has its stream, its pane and (where it counts calls or fails them) a proxy of its
// own, so they run side by side.
describe.concurrent('the shard tree pane', () => {
	let client: KinesisClient;

	beforeAll(() => {
		client = localClient();
	});
	afterAll(() => {
		client.destroy();
	});

	/** A client whose every call goes through a proxy of the test's own, to be counted (or failed). */
	async function proxied(context: TestContext, rule?: FaultRule) {
		const proxy = await startTestProxy(context, localSettings().endpoint!, rule);
		const through = localClient({endpoint: proxy.url});
		context.onTestFinished(() => through.destroy());
		return {proxy, through};
	}

	function renderPane(
		{onTestFinished}: TestContext,
		stream: string,
		{readOnly = false, through = client}: {readOnly?: boolean; through?: KinesisClient} = {},
	) {
		const service: ShardTreeService = createShardTree(through, {
			intervalMs: 1000,
			changingIntervalMs: 200,
		});
		service.start();
		const selected: Array<string | undefined> = [];
		const rendered = render(
			<PaneHarness>
				<ShardTreePane
					service={service}
					stream={stream}
					size={{width: 90, height: 24}}
					focused
					readOnly={readOnly}
					onSelectShard={(shardId) => selected.push(shardId)}
				/>
			</PaneHarness>,
		);
		// The service stops with the pane: a test's tree polls no longer than the test.
		const unmount = () => {
			rendered.unmount();
			service.stop();
		};
		onTestFinished(unmount);
		return {...rendered, unmount, selected};
	}

	it('splits shard 0 at its midpoint, then merges the two children: 5 shards, drawn as a tree', async (context) => {
		const {expect} = context;
		const stream = uniqueName('tree');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const [first] = await listShards(client, stream);
		const midpoint = splitMidpoint(first!.hashKeyRange)!;
		const {lastFrame, stdin, selected, unmount} = renderPane(context, stream);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`2 Shards · ${stream}`);
			expect(frame).toContain('ACTIVE · provisioned · 2 open · 0 closed');
			expect(frame).toMatch(new RegExp(`${id(0)} +OPEN .* 50%`));
			expect(frame).toMatch(new RegExp(`${id(1)} +OPEN .* 50%`));
		});
		await vi.waitFor(() => expect(selected.at(-1)).toBe(id(0)));

		await type(stdin, 'm', 's');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`Split ${id(0)}`);
			expect(frame).toContain(`Key: ${midpoint}`);
		});
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`Split ${id(0)}?`);
			expect(frame).toContain('One new shard takes 0…');
		});
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('ACTIVE · provisioned · 3 open · 1 closed');
			expect(frame).toMatch(new RegExp(`${id(0)} +CLOSED`));
			expect(frame).toMatch(new RegExp(`├─ ${id(2)} +OPEN .* 25%`));
			expect(frame).toMatch(new RegExp(`└─ ${id(3)} +OPEN .* 25%`));
		});

		// Shard 2's only open neighbour is shard 3: the merge goes straight to its confirmation.
		await type(stdin, 'j', 'm', 'm');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('Merge two shards?');
			expect(frame).toContain(`${id(2)} and ${id(3)}`);
			expect(frame).toContain('enter merge · esc cancel');
		});
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('ACTIVE · provisioned · 2 open · 3 closed');
			const rows = frame.split('\n');
			const at = (pattern: string) => rows.findIndex((row) => new RegExp(pattern).test(row));
			const order = [
				at(`│ ${id(0)} +CLOSED`),
				at(`├─ ${id(2)} +CLOSED`),
				at(`│  └─ ↳ ${id(4)} \\(merge child, see below\\)`),
				at(`└─ ${id(3)} +CLOSED`),
				at(` {3}└─ ${id(4)} +OPEN .* 50%`),
				at(`│ ${id(1)} +OPEN .* 50%`),
			];
			expect(order.every((index) => index > 0)).toBe(true);
			expect(order).toEqual([...order].sort((a, b) => a - b));
		});

		// The merge child's row under its first parent selects it too, and its detail names both parents.
		await type(stdin, 'j');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`${id(4)} · OPEN · 50% of the key space`);
			expect(frame).toContain(`parents ${id(2)} + ${id(3)}`);
		});
		await vi.waitFor(() => expect(selected.at(-1)).toBe(id(4)));

		// Enter shows its ranges whole; esc goes back to the tree.
		const [merged] = (await listShards(client, stream)).filter((shard) => shard.shardId === id(4));
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`hash keys ${merged!.hashKeyRange.start}`);
			expect(frame).toContain(`       to ${merged!.hashKeyRange.end}`);
			expect(frame).toContain(` sequence ${merged!.sequenceNumberRange.start}`);
			expect(frame).toContain('enter/esc back to the tree');
		});
		await type(stdin, ESC);
		await frameWith(lastFrame, (frame) => expect(frame).not.toContain('back to the tree'));
		unmount();
	});

	it('refuses a split key outside the shard with the reason, and sends nothing', async (context) => {
		const {expect} = context;
		const stream = uniqueName('tree-bad');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const {proxy, through} = await proxied(context);
		const {lastFrame, stdin, unmount} = renderPane(context, stream, {through});
		await frameWith(lastFrame, (frame) => expect(frame).toMatch(new RegExp(`${id(0)} +OPEN`)));
		// ctrl+u clears the midpoint the field starts with: one key, where backspaces take a redraw each.
		await type(stdin, 'm', 's', KEY.ctrlU, '0', ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('The new starting hash key must be above 0 and at most'),
		);
		await type(stdin, KEY.backspace, 'x', ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('A hash key is a decimal number from 0 to 2^128−1.'),
		);
		await type(stdin, ESC);
		await frameWith(lastFrame, (frame) => expect(frame).not.toContain('Split shardId'));
		expect(proxy.stats.operations.SplitShard).toBeUndefined();
		unmount();
	});

	it("gives a dialog opened over a shard's ranges every key, until it closes", async (context) => {
		const {expect} = context;
		const stream = uniqueName('tree-over');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const {proxy, through} = await proxied(context);
		const {lastFrame, stdin, unmount} = renderPane(context, stream, {through});
		await frameWith(lastFrame, (frame) => expect(frame).toMatch(new RegExp(`${id(0)} +OPEN`)));
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('back to the tree'));
		// s, the menu's letter for a split, and a key typed into its field: the dialog's, not the ranges'.
		await type(stdin, 'm', 's', KEY.ctrlU, '7', KEY.tab, 'j');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`Split ${id(0)}`);
			expect(frame).toContain('Key: 7j█');
		});
		await type(stdin, ESC);
		await frameWith(lastFrame, (frame) => {
			expect(frame).not.toContain(`Split ${id(0)}`);
			expect(frame).toContain('back to the tree');
		});
		expect(proxy.stats.operations.SplitShard).toBeUndefined();
		unmount();
	});

	it("shows the service's error when it refuses a reshard", async (context) => {
		const {expect} = context;
		const stream = uniqueName('tree-refused');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const {through} = await proxied(context, (request) =>
			request.operation === 'UpdateShardCount' ? faults.limitExceeded() : undefined,
		);
		const {lastFrame, stdin, unmount} = renderPane(context, stream, {through});
		await frameWith(lastFrame, (frame) => expect(frame).toContain('2 open · 0 closed'));
		await type(stdin, 'm', 'u', '4', ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(`Scale ${stream} from 2 to 4 open shards?`),
		);
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(flat(frame)).toContain(
				'⚠ Throttled by Kinesis (LimitExceededException): Rate exceeded (injected by the fault proxy).',
			),
		);
		expect(await listShards(client, stream)).toHaveLength(2);
		unmount();
	});

	it('disables resharding under --read-only, saying so, and sends nothing', async (context) => {
		const {expect} = context;
		const stream = uniqueName('tree-ro');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const {proxy, through} = await proxied(context);
		const {lastFrame, stdin, unmount} = renderPane(context, stream, {readOnly: true, through});
		await frameWith(lastFrame, (frame) => expect(frame).toMatch(new RegExp(`${id(0)} +OPEN`)));
		await type(stdin, 'm');
		await frameWith(lastFrame, (frame) =>
			expect(flat(frame)).toContain(
				'Read-only (--read-only): these actions write, so all are off.',
			),
		);
		for (const letter of ['s', 'm', 'u']) {
			await type(stdin, letter);
			await frameWith(lastFrame, (frame) =>
				expect(frame).toContain('Refused: the explorer is read-only (--read-only).'),
			);
		}
		for (const write of ['SplitShard', 'MergeShards', 'UpdateShardCount']) {
			expect(proxy.stats.operations[write]).toBeUndefined();
		}
		unmount();
	});

	it('shows only the open shards when asked, and the whole tree again', async (context) => {
		const {expect} = context;
		const stream = uniqueName('tree-open');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const [only] = await listShards(client, stream);
		await splitShard(client, stream, only!.shardId, splitMidpoint(only!.hashKeyRange)!);
		const {lastFrame, stdin, unmount} = renderPane(context, stream);
		await frameWith(lastFrame, (frame) => expect(frame).toMatch(new RegExp(`└─ ${id(2)} +OPEN`)));
		await type(stdin, 'o');
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('showing open only (o: all)');
			expect(frame).not.toMatch(new RegExp(`${id(0)} +CLOSED`));
			expect(frame).toMatch(new RegExp(`│ ${id(1)} +OPEN`));
		});
		await type(stdin, 'o');
		await frameWith(lastFrame, (frame) => expect(frame).toMatch(new RegExp(`│ ${id(0)} +CLOSED`)));
		unmount();
	});
});

// The three groups run side by side too: this one's explorer and the next one's reshard overlap the
// pane's tests.
describe.concurrent('the shard tree in the explorer', () => {
	it("shows the selected stream's tree, and hands the selected shard to the tail", async ({
		expect,
	}) => {
		const client = localClient();
		// Short: the tail's title, where the selected shard shows, is half the test terminal wide.
		const stream = uniqueName('t');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const services = createServices(client, {}, {leaseTables: noLeaseTables()});
		startServices(services);
		const {lastFrame, stdin, unmount} = render(
			<App
				connection={{
					target: 'endpoint',
					endpoint: 'http://x',
					region: 'us-east-1',
					readOnly: false,
				}}
				services={services}
				notices={createStore(undefined)}
				onQuit={() => undefined}
			/>,
		);
		await type(stdin, '/', stream, ENTER);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`2 Shards · ${stream}`);
			expect(frame).toMatch(new RegExp(`│ ${id(0)} +OPEN`));
			expect(frame).toContain(`${id(0)}  open  (chosen in the`);
		});
		await type(stdin, '2');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('m split/merge/scale'));
		await type(stdin, 'j');
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(`${id(1)}  open  (chosen in the`),
		);
		unmount();
		stopServices(services);
		client.destroy();
	});
});

describe.concurrent('the shard tree of a stream being resharded', () => {
	// A split takes this long here, so UPDATING can be seen without racing a timer.
	const engine = useOwnEngine({SPLIT_SHARD_DURATION: '3s'});
	let client: KinesisClient;

	beforeAll(() => {
		client = engine.client();
	});

	it('says the stream is UPDATING, then shows the new shards once it is ACTIVE', async ({
		expect,
	}) => {
		await createActiveStream(client, {name: 'live', shardCount: 1});
		// A look each half second, while UPDATING too: the split is seen several times before it is done.
		const service = createShardTree(client, {intervalMs: 500, changingIntervalMs: 500});
		service.start();
		const {lastFrame, unmount} = render(
			<PaneHarness>
				<ShardTreePane
					service={service}
					stream="live"
					size={{width: 90, height: 20}}
					focused={false}
					readOnly={false}
					onSelectShard={() => undefined}
				/>
			</PaneHarness>,
		);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('1 open · 0 closed'));
		const [only] = await listShards(client, 'live');
		// Someone else reshards: the tree follows without a key pressed.
		await splitShard(client, 'live', only!.shardId, splitMidpoint(only!.hashKeyRange)!);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('2 Shards · live · UPDATING');
			expect(frame).toContain('UPDATING · provisioned');
			expect(frame).toContain('resharding: the tree follows when ACTIVE');
		});
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('ACTIVE · provisioned · 2 open · 1 closed');
			expect(frame).toMatch(new RegExp(`├─ ${id(1)} +OPEN`));
		});
		unmount();
		service.stop();
	});
});
