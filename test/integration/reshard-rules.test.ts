import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {fractionPercent, keySpaceShare} from '../../source/model/hash-keys.js';
import {listShards} from '../../source/kinesis/shards.js';
import {createShardTree} from '../../source/services/shard-tree.js';
import {dialogKey} from '../../source/ui/action-dialog/action-dialog-state.js';
import {shardMenu} from '../../source/ui/shard-tree/shard-actions.js';
import {noKey} from '../support/keys.js';
import {createActiveStream, localClient, uniqueName} from '../support/kinesis.js';

/**
 * Resharding as Kinesis does it, on the engine: what an on-demand stream refuses (the engine does
 * not, so the form must), and what uniform scaling made, told against what it asks for.
 */

const within = {timeout: 60_000, interval: 50};

describe('resharding true to Kinesis, on the engine', () => {
	let client: KinesisClient;

	beforeAll(() => {
		client = localClient();
	});
	afterAll(() => client.destroy());

	it('refuses split, merge and scaling on an on-demand stream in the form, with the reason', async () => {
		const stream = uniqueName('reshard-od');
		await createActiveStream(client, {name: stream, onDemand: true});
		const service = createShardTree(client, {settleMs: 0});
		service.start();
		service.select(stream);
		await vi.waitFor(
			() => expect(service.getSnapshot().lineage?.open.length).toBeGreaterThan(1),
			within,
		);
		const {summary, lineage} = service.getSnapshot();
		service.stop();
		expect(summary?.mode).toBe('ON_DEMAND');
		const context = {stream, summary, lineage, shardId: lineage!.open[0]!.shardId, readOnly: false};
		const menu = shardMenu(context);
		expect(menu.lines?.[0]).toMatch(
			/^Kinesis manages the shards of an on-demand stream and refuses SplitShard, MergeShards and UpdateShardCount there/,
		);
		for (const letter of ['s', 'm', 'u']) {
			const step = dialogKey(menu, letter, noKey);
			expect(step).toMatchObject({type: 'update'});
			expect(step?.type === 'update' && step.dialog.error).toBe(menu.lines?.[0]);
		}
	});

	it('says what uniform scaling made once it ran, and where it differs from what was asked', async () => {
		const stream = uniqueName('scaled');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const service = createShardTree(client, {settleMs: 0, fastAfterChangeMs: 60_000});
		service.start();
		service.select(stream);
		await vi.waitFor(() => expect(service.getSnapshot().lineage?.open).toHaveLength(2), within);
		expect(await service.run({type: 'scale', stream, target: 3})).toBe(true);
		await vi.waitFor(
			() => expect(service.getSnapshot().operation?.text).toMatch(/^Scal(ed|ing) /),
			within,
		);
		await vi.waitFor(
			() => expect(service.getSnapshot().operation?.text).not.toMatch(/the tree follows/),
			within,
		);
		const text = service.getSnapshot().operation?.text;
		service.stop();
		// Told against the shards the engine reports, whatever way it cut them.
		const open = (await listShards(client, stream))
			.filter((shard) => shard.sequenceNumberRange.end === undefined)
			.sort((a, b) => (a.hashKeyRange.start < b.hashKeyRange.start ? -1 : 1));
		expect(open).toHaveLength(3);
		const shares = open.map((shard) => keySpaceShare(shard.hashKeyRange));
		const equal = shares.every((share) => Math.abs(share - 1 / 3) <= 0.001);
		expect(text).toBe(
			equal
				? `Scaled ${stream} to 3 open shards of 33.3% of the key space each, as asked.`
				: `Scaled ${stream} to 3 open shards, but not equal ones: ${shares.map(fractionPercent).join(', ')} of the key space, where uniform scaling asks for 33.3% each.`,
		);
	});
});
