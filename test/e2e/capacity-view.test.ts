import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {KEYS, TerminalRig} from './terminal-rig.js';

/**
 * The capacity view in a real terminal: the explorer on the embedded engine with its demo producer,
 * `h` over the selected stream, the report read as a person reads it, at the sizes the view keeps to.
 */
describe('the capacity view, in a real terminal', () => {
	let explorer: TerminalRig;

	beforeAll(async () => {
		explorer = new TerminalRig(['--local', '--demo-rate', '5'], {columns: 120, rows: 35});
		await explorer.waitFor('1 Streams · 3');
		await explorer.waitForGone('Creating the demo streams…');
		await explorer.waitFor(/clickstream +ACTIVE +4 provisioned/);
	});
	afterAll(() => explorer?.kill());

	it('opens with h over the selected stream at 120×35, measures its last 5 minutes, and closes with esc', async () => {
		await explorer.press('g', 'j');
		await explorer.waitFor('2 Shards · clickstream');
		await explorer.press('h');
		// The demo producer may not have written yet when the view first measures: r again until it has.
		let screen = '';
		for (;;) {
			screen = await explorer.waitFor(
				/Capacity · clickstream[\s\S]*│ [\d,]+ records · .* · \d+ calls? · provisioned · the last 5 min/,
			);
			if (!screen.includes('│ 0 records')) {
				break;
			}
			await explorer.press('r');
			await explorer.waitForGone('│ 0 records');
		}
		const lines = screen.split('\n');
		expect(lines).toHaveLength(35);
		expect(lines.every((line) => line.length <= 120)).toBe(true);
		expect(screen).toMatch(/^kinesis-explorer ● local engine/);
		expect(screen).toMatch(/shardId-\d{12} .*of the records/);
		expect(screen).toMatch(/records\/s +mean +[\d.,]+ +busiest +[\d,]+ +[█░]+ +[\d.]+%/);
		expect(screen).toMatch(/top keys +"/);
		// The keys of the view in the status bar; the panes are hidden under it.
		await explorer.waitFor(/j\/↓ scroll · r measure again · t tail’s records/);
		expect(screen).not.toContain('1 Streams');

		await explorer.press('G');
		await explorer.waitFor(/Key space, left to right[^\n]*\n[^\n]*[·▁▂▃▄▅▆▇█]{64}/);

		// It follows the terminal from 80×24 to 200×50.
		for (const [columns, rows] of [
			[80, 24],
			[200, 50],
		] as const) {
			explorer.resize(columns, rows);
			// Redrawn for the new size: the view's top border spans the whole width.
			await explorer.waitUntil(
				() =>
					explorer
						.lines()
						.some(
							(line) => line.startsWith('╭─ Capacity · clickstream') && line.length === columns,
						),
				`the view drawn ${columns} columns wide`,
			);
			const resized = explorer.lines();
			expect(resized).toHaveLength(rows);
			expect(resized.every((line) => line.length <= columns)).toBe(true);
			expect(resized.join('\n')).toMatch(/records · .* · \d+ calls? · provisioned/);
		}

		await explorer.press(KEYS.escape);
		await explorer.waitFor('1 Streams');
		await explorer.waitForGone('Capacity · clickstream');
	});
});
