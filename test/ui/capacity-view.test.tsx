import {stripVTControlCharacters} from 'node:util';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import stringWidth from 'string-width';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import {listShards} from '../../source/kinesis/shards.js';
import {hashKeyOf, rangeHolds} from '../../source/model/hash-keys.js';
import type {OutgoingRecord} from '../../source/model/record-limits.js';
import type {Shard} from '../../source/model/shard.js';
import {
	type CapacityService,
	createCapacityService,
} from '../../source/services/capacity/capacity-service.js';
import {
	createStreamManager,
	type StreamManagerService,
} from '../../source/services/stream-manager.js';
import {READ_ONLY_SPLIT} from '../../source/ui/capacity/capacity-rows.js';
import {CapacityView} from '../../source/ui/capacity/capacity-view.js';
import {createActiveStream, localClient, uniqueName} from '../support/kinesis.js';
import {PaneHarness} from '../support/pane-harness.js';
import {flat, frameWith, KEY, type} from '../support/ui.js';

/**
 * The capacity view on the shared engine over real HTTP, on a skewed workload: one key carries 60% of
 * the writes into a 4-shard stream, the rest spread over keys of their own in every shard.
 */
describe('the capacity view', () => {
	let client: KinesisClient;
	const stream = uniqueName('capacity-view');
	const HOT_KEY = 'customer-42';
	let hotShard: Shard;
	/** The hot key's share of its shard's records, as the stream holds them. */
	let hotShare = '';
	const stops: Array<{stop(): void}> = [];

	beforeAll(async () => {
		client = localClient();
		await createActiveStream(client, {name: stream, shardCount: 4});
		const shards = await listShards(client, stream);
		hotShard = shards.find((shard) => rangeHolds(shard.hashKeyRange, hashKeyOf(HOT_KEY)))!;
		const records: OutgoingRecord[] = [];
		const data = new TextEncoder().encode('{"order":1}');
		// 200 keys of one record each (50 in each shard), then 300 of the hot key: 60% of 500.
		const perShard = new Map<string, number>();
		for (let index = 0; records.length < 200; index++) {
			const key = `user-${index}`;
			const shard = shards.find((each) => rangeHolds(each.hashKeyRange, hashKeyOf(key)))!;
			if ((perShard.get(shard.shardId) ?? 0) < 50) {
				perShard.set(shard.shardId, (perShard.get(shard.shardId) ?? 0) + 1);
				records.push({partitionKey: key, data});
			}
		}
		records.push(...Array.from({length: 300}, () => ({partitionKey: HOT_KEY, data})));
		let pending = records;
		while (pending.length > 0) {
			const outcomes = await putRecordBatch(client, stream, pending);
			pending = pending.filter((_, index) => !outcomes[index]?.ok);
		}
		hotShare = `${Math.round((300 / 350) * 100)}%`;
	});
	afterAll(() => {
		for (const service of stops) {
			service.stop();
		}
		client.destroy();
	});

	function renderView({
		readOnly = false,
		size = {width: 100, height: 30},
	}: {readOnly?: boolean; size?: {width: number; height: number}} = {}) {
		const service: CapacityService = createCapacityService(client);
		const manager: StreamManagerService = createStreamManager(client);
		service.start();
		manager.start();
		stops.push(service, manager);
		const onClose = vi.fn();
		const rendered = render(
			<PaneHarness>
				<CapacityView
					service={service}
					manager={manager}
					stream={stream}
					readOnly={readOnly}
					size={size}
					focused
					onClose={onClose}
				/>
			</PaneHarness>,
		);
		return {...rendered, service, onClose};
	}

	// Before the split below closes the hot shard.
	it('offers no split when read-only, and says why; t without a tail says what to do', async () => {
		const {lastFrame, stdin, unmount} = renderView({readOnly: true});
		await frameWith(lastFrame, (frame) => expect(frame).toContain('HOT'));
		await type(stdin, 'G');
		await frameWith(lastFrame, (frame) => expect(flat(frame)).toContain(READ_ONLY_SPLIT));
		// s does nothing here: once the g after it has scrolled back to the top, no dialog opened.
		await type(stdin, 's', 'g');
		await frameWith(lastFrame, (frame) => expect(frame).toMatch(/│ shardId-\d{12} +HOT/));
		expect(lastFrame()).not.toContain('Key:');
		await type(stdin, 't');
		await frameWith(lastFrame, (frame) =>
			expect(flat(frame)).toContain(`No records of ${stream} in the tail`),
		);
		unmount();
	});

	it('measures on opening, puts the hot shard first with its key’s share, and splits it where its traffic halves', async () => {
		const {lastFrame, frames, stdin, service, onClose, unmount} = renderView();
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`Capacity · ${stream}`);
			expect(frame).toMatch(/500 records · .* · \d+ calls · provisioned · the last 5 min 0 s to/);
		});
		// While it read: a bar, the records and the calls so far.
		expect(
			frames.some((frame) =>
				/[█░]+ Reading the last 5 minutes of .*: [\d,]+ records · \d+ calls?/.test(
					stripVTControlCharacters(frame),
				),
			),
		).toBe(true);
		const frame = stripVTControlCharacters(lastFrame() ?? '');
		const rows = frame.split('\n');
		const firstShard = rows.findIndex((row) => /│ shardId-\d{12}/.test(row));
		expect(rows[firstShard]).toContain(
			`${hotShard.shardId}  HOT: 70% of the records on 25% of the key space`,
		);
		expect(rows[firstShard + 1]).toMatch(/records\/s +mean +\d+\.\d\d +busiest +\d+ +█*░+ +\d+%/);
		expect(rows[firstShard + 2]).toMatch(/bytes\/s +mean/);
		expect(rows[firstShard + 3]).toMatch(new RegExp(`top keys +"${HOT_KEY}" +${hotShare} █+░*`));

		const split = service.getSnapshot().report!.shards[0]!.split!;
		expect(split).toBeDefined();
		await type(stdin, 'G');
		await frameWith(lastFrame, (shown) => {
			expect(flat(shown)).toContain(`Split ${hotShard.shardId} at ${split.hashKey}`);
			expect(flat(shown)).toContain(`s: split ${hotShard.shardId} at`);
			expect(shown).toContain('Key space');
		});

		await type(stdin, 's');
		await frameWith(lastFrame, (shown) => {
			expect(shown).toContain(`Split ${hotShard.shardId}`);
			expect(shown).toContain(`Key: ${split.hashKey}`);
			expect(flat(shown)).toContain('where its traffic halves as measured');
		});
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (shown) => {
			expect(shown).toContain(`Split ${hotShard.shardId}?`);
			expect(shown).toContain('enter split · esc cancel');
		});
		await type(stdin, KEY.enter);
		await frameWith(lastFrame, (shown) => {
			expect(flat(shown)).toContain(`Split ${hotShard.shardId} of ${stream} at`);
		});
		const after = await listShards(client, stream);
		const children = after.filter((shard) => shard.parentShardId === hotShard.shardId);
		expect(children.map((shard) => shard.hashKeyRange.start).sort()).toEqual(
			[hotShard.hashKeyRange.start, split.hashKey].sort(),
		);

		expect(onClose).not.toHaveBeenCalled();
		await type(stdin, KEY.escape);
		await vi.waitFor(() => expect(onClose).toHaveBeenCalledOnce());
		unmount();
	});

	it('fits the screen below the header at 80×24 and on a tall one (the e2e test goes to 200×50)', async () => {
		// The frame's header and status bar take two rows, and it stops a row short of the bottom. (The
		// test terminal is 100 columns wide.)
		for (const size of [
			{width: 80, height: 21},
			{width: 100, height: 47},
		]) {
			const {lastFrame, unmount} = renderView({size});
			await frameWith(lastFrame, (frame) => expect(frame).toMatch(/\d+ records · .* calls/));
			const lines = stripVTControlCharacters(lastFrame() ?? '').split('\n');
			expect(lines).toHaveLength(size.height);
			expect(lines.map((line) => stringWidth(line))).toEqual(lines.map(() => size.width));
			unmount();
		}
	});
});
