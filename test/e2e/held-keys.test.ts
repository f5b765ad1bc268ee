import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, afterEach, beforeAll, describe, it} from 'vitest';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {KEYS, TerminalRig} from './terminal-rig.js';

/**
 * Keys held down or pasted reach the explorer in one read: every one of them counts, in the help and
 * in the tail's menus as in the lists. Twenty j written at once move twenty rows.
 */
describe('keys that arrive together, in a real terminal', () => {
	let client: KinesisClient;
	let rig: TerminalRig | undefined;
	const stream = uniqueName('held');

	beforeAll(async () => {
		client = localClient();
		await createActiveStream(client, {name: stream, shardCount: 24});
	});
	afterEach(() => rig?.kill());
	afterAll(() => client.destroy());

	const open = async (columns: number, rows: number) => {
		rig = new TerminalRig(['--endpoint-url', localSettings().endpoint ?? ''], {columns, rows});
		await rig.waitFor(/1 Streams/);
		return rig;
	};

	it('scrolls the help twenty lines for twenty j at 80×24', async () => {
		const explorer = await open(80, 24);
		await explorer.press('?');
		await explorer.waitFor(/lines 1–\d+ of \d+/);
		await explorer.press('j'.repeat(20));
		await explorer.waitFor(/lines 21–\d+ of \d+/);
		await explorer.press('G');
		await explorer.waitFor(/lines \d+–(\d+) of \1\b/);
		await explorer.press(KEYS.escape);
		await explorer.waitForGone('Keys (? or esc to close)');
	});

	it('moves the shard menu twenty rows for twenty j at 120×35; it stops at its ends, g and G jump', async () => {
		const explorer = await open(120, 35);
		await explorer.press('/');
		await explorer.type(stream);
		await explorer.press(KEYS.enter);
		await explorer.waitFor(new RegExp(`2 Shards · ${stream}`));
		await explorer.press('3');
		await explorer.waitFor('shardId-000000000001  open');
		await explorer.waitFor('❯ all shards');
		await explorer.waitFor('enter go on · tab next pane');
		await explorer.press('j'.repeat(20));
		await explorer.waitFor('❯ shardId-000000000019  open');
		// The menu does not wrap: past its end is its end, above its top its top.
		await explorer.press('j'.repeat(10));
		await explorer.waitFor('❯ shardId-000000000023  open');
		await explorer.press('g');
		await explorer.waitFor('❯ all shards');
		// k at the top stays there (a menu that wrapped would be on the last shard, and j would keep it there).
		await explorer.press('k', 'j');
		await explorer.waitFor('❯ shardId-000000000000  open');
		await explorer.press('G');
		await explorer.waitFor('❯ shardId-000000000023  open');
	});
});
