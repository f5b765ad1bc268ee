import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {CLI} from '../support/cli.js';
import {type ListeningSocket, listeningSockets} from '../support/listening-sockets.js';
import {isRunning, KEYS, TerminalRig} from './terminal-rig.js';

/**
 * One explorer on the embedded engine, through a session of its life: it opens with the demo
 * streams, follows the terminal's size, answers its keys, measures a stream's capacity, and quits
 * with ctrl+c. Its tests run in order, each leaving the screen as it found it. (Quitting with q
 * ends the journey, journey.test.ts.)
 *
 * The two groups of this file run side by side (concurrent): each has explorers and engines of its
 * own, and most of their time is waiting on them. Within this group the tests run one after another
 * (sequential), on the one explorer.
 */
describe.concurrent('the explorer on the embedded engine, in a real terminal', () => {
	let explorer: TerminalRig;
	/** The engines' processes: Kinesis, and DynamoDB (dynalite) for the lease tables. */
	let engines: number[];

	beforeAll(async () => {
		explorer = new TerminalRig(['--local', '--demo-rate', '2'], {columns: 120, rows: 36});
		// The demo streams are made (and resharded) while the explorer is already open.
		await explorer.waitFor('1 Streams · 3');
		await explorer.waitForGone('Creating the demo streams…');
		await explorer.waitFor(/clickstream +ACTIVE +4 provisioned/);
		engines = explorer.children();
		expect(engines).toHaveLength(2);
	});
	afterAll(() => explorer?.kill());

	it.sequential('opens full screen, with the demo streams', async () => {
		await explorer.waitFor(/orders +ACTIVE +\d+ on-demand/);
		await explorer.waitFor(/app-logs +ACTIVE +1 provisioned/);
		// The shard pane lists the selected stream's shards once the list has drawn it: a frame later,
		// or at its next look (every 5 s) if its first came while the demo still resharded.
		const screen = await explorer.waitFor('2 Shards · app-logs');
		expect(explorer.terminal.buffer.active.type).toBe('alternate');
		expect(screen).toMatch(/^kinesis-explorer ● local engine http:\/\/127\.0\.0\.1:\d+/);
		expect(screen).toContain('1 Streams · 3');
		expect(screen).toMatch(/app-logs +ACTIVE +1 provisioned/);
		expect(screen).toMatch(/3 streams · listed \d+ s ago/);
		// The frame stops one row short of the bottom, so the terminal never scrolls: the status bar is
		// on the second-to-last row, the last is empty.
		await explorer.waitFor(/\nj\/↓ move · \/ filter[^\n]*\n$/);
	});

	it.sequential(
		'starts engines that listen on 127.0.0.1 only: Kinesis on its plain and TLS ports, DynamoDB on one',
		async () => {
			const port = Number(/local engine http:\/\/127\.0\.0\.1:(\d+)/.exec(explorer.screen())?.[1]);
			let sockets: ListeningSocket[][] = [];
			await vi.waitFor(
				async () => {
					sockets = await Promise.all(engines.map(async (pid) => listeningSockets(pid)));
					expect(sockets.map((each) => each.length).sort()).toEqual([1, 2]);
				},
				{timeout: 30_000, interval: 50},
			);
			expect(sockets.flat().map((socket) => socket.address)).toEqual([
				'127.0.0.1',
				'127.0.0.1',
				'127.0.0.1',
			]);
			const kinesis = sockets.find((each) => each.length === 2)!;
			expect(kinesis.map((socket) => socket.port)).toContain(port);
		},
	);

	it.sequential(
		'follows the terminal when it is resized, and says when it is too small',
		async () => {
			expect(explorer.screen()).toContain('RETAIN');
			explorer.resize(90, 24);
			await explorer.waitForGone('RETAIN');
			// The whole frame redrawn for 90×24: the status bar on its second-to-last row.
			const narrow = await explorer.waitFor(/clickstream +ACTIVE +4 │[\s\S]*\nj\/↓ move[^\n]*\n$/);
			expect(narrow.split('\n')).toHaveLength(24);
			expect(narrow.split('\n').every((line) => line.length <= 90)).toBe(true);
			explorer.resize(60, 15);
			await explorer.waitFor('The terminal is 60×15; the explorer needs at least 72×18.');
			explorer.resize(120, 36);
			await explorer.waitFor(/clickstream +ACTIVE +4 provisioned +24h/);
		},
	);

	it.sequential('moves, filters and opens the help with the keys', async () => {
		await explorer.press('g', 'j');
		await explorer.waitFor('2 Shards · clickstream');
		await explorer.press('/');
		await explorer.type('ord');
		await explorer.waitFor('1 Streams · 1 of 3');
		await explorer.press(KEYS.enter, '?');
		await explorer.waitFor('Keys (? or esc to close)');
		await explorer.press(KEYS.escape);
		await explorer.waitFor('2 Shards · orders');
		expect(explorer.screen()).toContain('/ord');
		// Esc again clears the filter: the list as it was.
		await explorer.press(KEYS.escape);
		await explorer.waitFor('1 Streams · 3');
	});

	// The capacity view runs on this explorer: one more explorer and its engines for it alone would
	// cost more than the view's test does.
	it.sequential(
		'opens the capacity view with h over the selected stream, measures its last 5 minutes, follows the terminal, and closes with esc',
		async () => {
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
			expect(lines).toHaveLength(36);
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
		},
	);

	it.sequential('quits with ctrl+c, stops the engines and gives the terminal back', async () => {
		expect(engines.every((pid) => isRunning(pid))).toBe(true);
		await explorer.press(KEYS.ctrlC);
		expect(await explorer.waitForExit()).toMatchObject({exitCode: 0});
		expect(engines.filter((pid) => isRunning(pid))).toEqual([]);
		// The pty may report the exit before the last of the output is read.
		await explorer.waitUntil(
			() => explorer.terminal.buffer.active.type === 'normal',
			'the terminal back on its normal screen',
		);
		expect(explorer.rawOutput()).toContain('\u001b[?1049l');
	});
});

// Each test has a terminal of its own: side by side, with each other and with the group above.
describe.concurrent('the explorer in a real terminal', () => {
	it('quits cleanly with ctrl+c while the demo streams are still being made', async ({
		expect,
		onTestFinished,
	}) => {
		const rig = new TerminalRig(['--local', '--demo-rate', '2']);
		onTestFinished(() => rig.kill());
		await rig.waitFor('Creating the demo streams…');
		const engines = rig.children();
		expect(engines).toHaveLength(2);
		// The engines are frozen mid-demo: the demo cannot finish before the quit, whatever the
		// machine's speed, and its calls in flight never come back.
		for (const pid of engines) {
			process.kill(pid, 'SIGSTOP');
		}
		try {
			await rig.waitFor('Creating the demo streams…');
			await rig.press(KEYS.ctrlC);
			expect(await rig.waitForExit()).toMatchObject({exitCode: 0});
			expect(engines.filter((pid) => isRunning(pid))).toEqual([]);
			expect(rig.rawOutput()).not.toContain('kinesis-explorer:');
		} finally {
			// A stopped process outlives the pipe that would end it: never leave one behind.
			for (const pid of engines.filter((each) => isRunning(each))) {
				process.kill(pid, 'SIGKILL');
			}
		}
	});

	it.for([
		['stdin', `< /dev/null`],
		['stdout', `| cat`],
	] as const)(
		'says what it needs, without a stack trace, when %s is not a terminal',
		async ([stream, redirection], {expect, onTestFinished}) => {
			const rig = new TerminalRig([], {
				// Wide enough for the message on one row.
				columns: 200,
				// The shell then waits for a line that never comes: the pty stays open until the test has
				// read the shell's line (and kills it), which once, on a loaded machine, never showed.
				shell: `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --local ${redirection}; echo "exit $?"; read line`,
			});
			onTestFinished(() => rig.kill());
			const screen = await rig.waitFor(/exit \d+/);
			expect(screen).toContain(
				`kinesis-explorer: the explorer needs an interactive terminal, and ${stream} is not one. For scripts, use the commands (ls, shards, serve, tail, put, copy, consumers, stats): see --help.`,
			);
			expect(screen).not.toMatch(/^\s+at /m);
			expect(rig.terminal.buffer.active.type).toBe('normal');
			// With a pipe the shell reports the last command's status (cat's), so only stdin's is the explorer's.
			if (stream === 'stdin') {
				expect(screen).toContain('exit 2');
			}
		},
	);
});
