import {afterEach, describe, expect, it} from 'vitest';
import {isRunning, KEYS, TerminalRig} from './terminal-rig.js';

/**
 * A partition key short enough to show whole in the tail's column, whose hash lands in shard 1: the
 * one shard of clickstream the demo never reshards, so the form's prediction holds even from a shard
 * list taken while the demo was still splitting and merging (the form lists again every 30 s).
 */
const KEY = 'user-42';

/**
 * The status bar's hint for the focused pane: seen before typing to a pane, since keys typed in one
 * burst with the pane's number reach the pane that had the focus before it.
 */
const HINTS = {
	shards: /\nj\/↓ move · enter ranges/,
	chooser: /\nesc back · j\/↓ choose/,
	tail: /\nspace pause · enter record/,
	put: /\ne edit · s send/,
};

/**
 * What the put form's hint line says while a field takes the keys, and once it has let them go. Esc
 * is waited out before the next key: an esc read together with the key after it is taken for alt+key.
 */
const EDITING = 'enter/esc done · tab next';
const READY_TO_SEND = 's sends it to clickstream';

describe('a session with the explorer, pane by pane', () => {
	let rig: TerminalRig | undefined;
	afterEach(() => rig?.kill());

	it('reads the shard tree, tails from TRIM_HORIZON, sends a record, finds it, opens it, quits with q', async () => {
		rig = new TerminalRig(['--local', '--demo-rate', '2']);
		const explorer = rig;
		// The demo streams are made and resharded while the explorer is open already: the tail's menu
		// lists the shards of the moment the stream is selected.
		await explorer.waitFor('1 Streams · 3');
		await explorer.waitForGone('Creating the demo streams…');
		await explorer.waitFor(/clickstream +ACTIVE +4 provisioned/);
		// The engines: Kinesis, and DynamoDB for the lease tables.
		const engines = explorer.children();
		expect(engines).toHaveLength(2);

		// The stream's shard tree: a split's closed parent over its two open children, a merge's
		// child under both of its closed parents.
		await explorer.press('j');
		await explorer.waitFor('2 Shards · clickstream');
		await explorer.press(KEYS.enter);
		await explorer.waitFor(HINTS.shards);
		const tree = await explorer.waitFor('4 open · 3 closed');
		expect(tree).toMatch(/shardId-000000000000 +CLOSED/);
		expect(tree).toMatch(/├─ shardId-000000000004 +OPEN +12\.5%/);
		expect(tree).toMatch(/└─ shardId-000000000005 +OPEN +12\.5%/);
		expect(tree).toMatch(/└─ ↳ shardId-000000000006 \(merge child, see below\)/);
		expect(tree).toMatch(
			/shardId-000000000003 +CLOSED[^\n]*\n[^\n]*└─ shardId-000000000006 +OPEN +50%/,
		);
		// The states in colour, as a person tells them apart at a glance: open green, closed yellow.
		expect(explorer.colorOf('OPEN')).toBe(2);
		expect(explorer.colorOf('CLOSED')).toBe(3);

		// A tail of every shard from the oldest record kept.
		await explorer.press('3');
		await explorer.waitFor(HINTS.chooser);
		// The menu opens on all shards, the shards listed under it once they arrive (not on the
		// tree's shard, a closed parent here).
		await explorer.waitFor(/Shard:[\s\S]*❯ all shards[\s\S]*shardId-0+ +closed/);
		await explorer.tailFromTrimHorizon();
		await explorer.waitFor('3 Tail · clickstream · all shards · TRIM_HORIZON');
		await explorer.waitFor(/\d\d:\d\d:\d\d\.\d{3} +\d+ +u-\d+ +\{"event_id"/);

		// The put form says where the key lands before anything is sent; the service agrees.
		await explorer.press('4');
		await explorer.waitFor(HINTS.put);
		await explorer.waitFor('Partition key: u for a random one');
		await explorer.press('e');
		await explorer.waitFor(EDITING);
		await explorer.type(KEY);
		const placed = await explorer.waitFor(new RegExp(`Partition key: ${KEY}█ +→ shardId-0+(\\d+)`));
		const predicted = new RegExp(`Partition key: ${KEY}█ +→ shardId-0+(\\d+)`).exec(placed)![1]!;
		await explorer.press(KEYS.escape);
		await explorer.waitFor(READY_TO_SEND);
		await explorer.press(KEYS.down, KEYS.down, KEYS.down, 'e');
		await explorer.waitFor('esc done · tab next field');
		await explorer.type('{"journey":"e2e"}');
		await explorer.waitFor('Data · text ✓ 17 B');
		await explorer.press(KEYS.escape);
		await explorer.waitFor(READY_TO_SEND);
		await explorer.press('s');
		const sent = await explorer.waitFor(/✓ shardId-0+(\d+) · seq \d+/);
		expect(/✓ shardId-0+(\d+) · seq/.exec(sent)![1]).toBe(predicted);

		// It arrives in the tail, in that shard; the filter keeps it alone.
		await explorer.press('3');
		await explorer.waitFor(HINTS.tail);
		await explorer.press('/');
		await explorer.type(KEY);
		await explorer.press(KEYS.enter);
		const filtered = await explorer.waitFor(
			new RegExp(
				`/${KEY}  1 match[\\s\\S]*\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +${predicted} +${KEY} +\\{"journey":"e2e"\\}`,
			),
		);
		expect(filtered).not.toMatch(/ u-\d+ +\{"event_id"/);

		// Opened whole: its fields, the JSON laid out.
		await explorer.press('k', KEYS.enter);
		const detail = await explorer.waitFor(/3 Tail · record \d+/);
		expect(detail).toMatch(new RegExp(`shard +shardId-0+${predicted} `));
		expect(detail).toMatch(new RegExp(`partition key +${KEY} `));
		expect(detail).toContain('17 bytes · JSON');
		expect(detail).toMatch(/\{\s*│[^\n]*\n[^\n]*"journey": "e2e"/);

		// A filter longer than the pane stays on its row: the column names below it stay whole.
		await explorer.press(KEYS.escape);
		await explorer.waitForGone('esc back · ↑/↓ pgup/pgdn scroll');
		await explorer.press('/');
		await explorer.type(
			'-a-filter-much-longer-than-the-pane-is-wide-even-when-the-pane-has-most-of-the-screen-so-it-must-be-cut-short',
		);
		const long = await explorer.waitFor(/│ \/…[^\n]*cut-short█ +0 matches +│/);
		expect(long).toMatch(/│ TIME +SHRD KEY +DATA +│/);

		await explorer.press(KEYS.escape);
		await explorer.waitForGone('0 matches');
		await explorer.press('q');
		expect(await explorer.waitForExit()).toMatchObject({exitCode: 0});
		expect(engines.filter((pid) => isRunning(pid))).toEqual([]);
		// The pty may report the exit before the last of the output is read.
		await explorer.waitUntil(
			() => explorer.terminal.buffer.active.type === 'normal',
			'the terminal back on its normal screen',
		);
	});
});
