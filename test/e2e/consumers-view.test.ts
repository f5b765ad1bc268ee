import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {KEYS, TerminalRig} from './terminal-rig.js';

/**
 * The consumers view in a real terminal, on the demo: `--local` runs a KCL application
 * (clickstream-analytics, two workers, leases in the KCL 2.x format) reading clickstream, whose
 * history has a split and a merge. c opens the view over the panes; its rows are read off the screen.
 */
describe('the consumers view on the demo, in a real terminal', () => {
	let explorer: TerminalRig;

	beforeAll(async () => {
		// --failover: the application's failover time, by which the view judges its owners.
		// --demo-rate 4 (the default): the slow worker reads one record each 4 s of its slow shard, which
		// gets about a tenth of the records; at 4 a second (not 2) it surely falls behind, and the view,
		// which measures a shard's lag once each 10 s, finds it behind at its first measure at a
		// checkpoint rather than one or two measures later.
		explorer = new TerminalRig(['--local', '--demo-rate', '4', '--failover', '30s'], {
			columns: 120,
			rows: 35,
		});
		await explorer.waitForGone('Creating the demo streams…');
		await explorer.waitFor(/clickstream +ACTIVE +4 provisioned/);
	});
	afterAll(() => explorer?.kill());

	it('opens with c on the selected stream and shows the demo application lease by lease', async () => {
		await explorer.press('g', 'j');
		await explorer.waitFor('2 Shards · clickstream');
		await explorer.press('c');
		await explorer.waitFor('c Consumers · clickstream');
		await explorer.waitFor('Enhanced fan-out consumers: none.');
		// Opened before the demo application has made its lease table, the view finds it at a later look.
		await explorer.waitFor(/KCL applications: 1 found among the \d+ tables? looked at/, 60_000);
		// Both workers renew their leases: each is seen alive once its counter has moved.
		const screen = await explorer.waitFor(
			/shardId-\d{12} worker-a +alive[\s\S]*shardId-\d{12} worker-b +alive/,
			60_000,
		);
		const lines = screen.split('\n');
		expect(lines.some((line) => /clickstream-analytics · \d+ leases/.test(line))).toBe(true);
		expect(screen).toMatch(/workers: worker-[ab] \d+ leases?, worker-[ab] \d+ leases?/);
		expect(screen).toMatch(
			/SHARD +OWNER +OWNER STATE +COUNTER +CHECKPOINT +BEHIND +FIRST UNREAD +PARENTS/,
		);
		const rows = lines.filter((line) => /^│ +shardId-\d{12} /.test(line));
		// clickstream has 4 open shards and the closed ones of its split and merge: a lease each.
		expect(rows.length).toBeGreaterThanOrEqual(4);
		for (const row of rows) {
			expect(row).toMatch(
				/^│ {3}shardId-\d{12} worker-[ab] +(alive|done|watching…|stalled [^│]+?) +\d+ (TRIM_HORIZON|SHARD_END|…\d{7}) +(\d+ ms|[\d a-z]+|measuring…|unknown)/,
			);
		}
		// The parents read to their end: SHARD_END, nothing behind; their children name them.
		expect(rows.some((row) => / done +\d+ SHARD_END +0 ms/.test(row))).toBe(true);
		expect(rows.some((row) => /\d+(?: \d+)? +│$/.test(row))).toBe(true);
		expect(screen).toMatch(
			/\d+ stalled · \d+ at SHARD_END · 0 open without a lease · failover 30 s/,
		);
		// The slow worker falls behind on its slow shard: how far, and the first unread record's time
		// (how far depends on the demo's rate and the machine: milliseconds to seconds).
		await explorer.waitFor(
			/shardId-\d{12} worker-b +alive +\d+ …\d{7} +\d+ (ms|s|min \d+ s) +\d\d-\d\d \d\d:\d\d:\d\d/,
			90_000,
		);
		// The status bar has the view's keys.
		expect(explorer.screen()).toMatch(/j\/↓ move · r refresh · esc close/);
	});

	it('closes with esc, back to the panes, and the explorer quits as ever', async () => {
		await explorer.press(KEYS.escape);
		await explorer.waitForGone('c Consumers');
		await explorer.waitFor('1 Streams · 3');
		await explorer.press('q');
		expect(await explorer.waitForExit()).toMatchObject({exitCode: 0});
	});
});
