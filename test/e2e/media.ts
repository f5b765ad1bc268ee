import {statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {expect, it} from 'vitest';
import {
	animatedSvg,
	castFrames,
	findPane,
	readScreen,
	type Screen,
	screenSvg,
} from './screen-svg.js';
import {KEYS, TerminalRig} from './terminal-rig.js';

/**
 * `npm run media`: the pictures in media/, made from a real run of the explorer on its embedded
 * engine. One session walks the panes as the journey test does; a picture of each pane is taken on
 * the way, and the whole session becomes an animated recording.
 */

const MEDIA = path.resolve(import.meta.dirname, '../../media');
/** A cast bigger than this stays out of the repository: the animated SVG shows the same. */
const MAX_CAST_BYTES = 200 * 1024;
const MAX_SVG_BYTES = 400 * 1024;

function write(name: string, content: string): number {
	writeFileSync(path.join(MEDIA, name), content);
	return statSync(path.join(MEDIA, name)).size;
}

/** Waits until the screen has not changed for a moment (a frame half drawn makes a poor picture). */
async function settled(rig: TerminalRig, quietMs = 400, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = rig.screen();
	let since = Date.now();
	while (Date.now() - since < quietMs && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 50));
		const screen = rig.screen();
		if (screen !== last) {
			last = screen;
			since = Date.now();
		}
	}
}

async function pane(rig: TerminalRig, title: string, file: string, alt: string): Promise<void> {
	await settled(rig);
	const area = findPane(rig.terminal, title);
	expect(area, `the pane ${title} on the screen`).toBeDefined();
	const screen: Screen = readScreen(rig.terminal, area);
	const size = write(file, screenSvg(screen, {title: alt}));
	console.log(`media/${file}: ${screen.columns}×${screen.rows} cells, ${size} bytes`);
}

/** The whole screen, for the views that take it. */
async function whole(rig: TerminalRig, file: string, alt: string): Promise<void> {
	await settled(rig);
	const size = write(file, screenSvg(readScreen(rig.terminal), {title: alt}));
	console.log(`media/${file}: ${size} bytes`);
}

async function recordRows(rig: TerminalRig, count: number): Promise<void> {
	const row = /\d\d:\d\d:\d\d(\.\d{3})? +\d+ +u-\d+/g;
	await rig.waitFor({
		test: (screen: string) => (screen.match(row) ?? []).length >= count,
		toString: () => `${count} records`,
	} as RegExp);
}

it('writes a picture of each pane and a recording of a session to media/', async () => {
	const rig = new TerminalRig(['--local', '--demo-rate', '2'], {
		columns: 120,
		rows: 35,
		keyPauseMs: 120,
	});
	try {
		await rig.waitFor('1 Streams · 3');
		await rig.waitForGone('Creating the demo streams…');
		await rig.waitFor(/clickstream +ACTIVE +4 provisioned/);
		await rig.press('j');
		await rig.waitFor('2 Shards · clickstream');
		await rig.waitFor('4 open · 3 closed');
		await pane(rig, '1 Streams', 'streams.svg', 'The stream list');

		await rig.press(KEYS.enter);
		await rig.waitFor(/\nj\/↓ move · enter ranges/);
		await pane(
			rig,
			'2 Shards',
			'shards.svg',
			'The shard tree of a stream with a split and a merge',
		);

		await rig.press('3');
		await rig.waitFor(/\nesc back · j\/↓ choose/);
		// The chooser opens on every shard, the shards listed under it.
		await rig.waitFor(/Shard:[\s\S]*❯ all shards[\s\S]*shardId-0+ +closed/);
		await rig.press(KEYS.enter, 'j', KEYS.enter);
		await rig.waitFor('Read by:');
		await rig.press(KEYS.enter);
		await recordRows(rig, 15);
		await pane(rig, '3 Tail', 'tail.svg', 'The tail of every shard from TRIM_HORIZON');

		// A record of the demo's clickstream, opened whole; then the tail follows again (G).
		await rig.press('k', KEYS.enter);
		await rig.waitFor(/3 Tail · record \d+/);
		await rig.waitFor('"event_id"');
		await pane(rig, '3 Tail', 'record.svg', 'A record opened whole');
		await rig.press(KEYS.escape);
		await rig.waitForGone('esc back · ↑/↓ pgup/pgdn scroll');
		await rig.press('G');

		await rig.press('4');
		await rig.waitFor(/\ne edit · s send/);
		await rig.press('e');
		await rig.waitFor('enter/esc done · tab next');
		await rig.type('user-42');
		await rig.waitFor(/Partition key: user-42█ +→ shardId-\d+/);
		// Esc is waited out before the next key: read together with it, it would make alt+key.
		await rig.press(KEYS.escape);
		await rig.waitFor('s sends it to clickstream');
		await rig.press(KEYS.down, KEYS.down, KEYS.down, 'e');
		await rig.waitFor('esc done · tab next field');
		await rig.type('{"hello":"kinesis"}');
		await rig.press(KEYS.escape);
		await rig.waitFor('s sends it to clickstream');
		await rig.press('s');
		await rig.waitFor(/✓ shardId-\d+ · seq/);
		await pane(rig, '4 Put', 'put.svg', 'The put form, after sending a record');

		// The views over the panes: who reads the stream, and where its traffic goes.
		await rig.press('c');
		await rig.waitFor(/KCL applications: 1 found/, 60_000);
		await rig.waitFor(/worker-b +alive/, 60_000);
		await whole(
			rig,
			'consumers.svg',
			'The consumers of clickstream: a KCL application, lease by lease',
		);
		await rig.press(KEYS.escape);
		await rig.waitForGone('c Consumers');
		await rig.press('h');
		await rig.waitFor(/records\/s +mean/, 60_000);
		await whole(rig, 'capacity.svg', "Where clickstream's traffic goes, shard by shard");
		await rig.press(KEYS.escape);
		await rig.waitForGone('Capacity');

		// The record sent, found by a filter.
		await rig.press('3');
		await rig.waitFor(/\nspace pause · enter record/);
		await rig.press('/');
		await rig.type('user-42');
		await rig.press(KEYS.enter);
		await rig.waitFor(/user-42 +\{"hello":"kinesis"\}/);
		await rig.press('k', KEYS.enter);
		await rig.waitFor('"hello": "kinesis"');
		await settled(rig, 1000);

		await rig.press(KEYS.escape);
		await rig.waitForGone('esc back · ↑/↓ pgup/pgdn scroll');
		await rig.press(KEYS.escape);
		await rig.waitForGone('1 match');
		await rig.press('?');
		await rig.waitFor('Keys (? or esc to close)');
		await settled(rig);
		const help = write('help.svg', screenSvg(readScreen(rig.terminal), {title: 'Every key'}));
		console.log(`media/help.svg: ${help} bytes`);
		await rig.press(KEYS.escape);
		await rig.waitForGone('Keys (? or esc to close)');
		await settled(rig, 1000);
		await rig.press('q');
		expect(await rig.waitForExit()).toMatchObject({exitCode: 0});
	} finally {
		rig.kill();
	}

	const cast = rig.cast('kinesis-explorer --local');
	const frames = await castFrames(cast, {settleSeconds: 0.08, idleSeconds: 1.2, maxFrames: 120});
	const svg = animatedSvg(frames, {
		title: 'A session with kinesis-explorer on its embedded engine',
	});
	const size = write('session.svg', svg);
	console.log(
		`media/session.svg: ${frames.length} frames, ${frames.at(-1)!.time.toFixed(1)} s, ${size} bytes (cast ${cast.length} bytes${cast.length > MAX_CAST_BYTES ? ', not kept' : ''})`,
	);
	if (cast.length <= MAX_CAST_BYTES) {
		write('session.cast', cast);
	}
	expect(size).toBeLessThan(MAX_SVG_BYTES);
});

it('writes a picture of the explorer in an 80×24 terminal, the tail focused', async () => {
	const rig = new TerminalRig(['--local', '--demo-rate', '2'], {columns: 80, rows: 24});
	try {
		await rig.waitForGone('Creating the demo streams…');
		await rig.waitFor(/clickstream +ACTIVE/);
		await rig.press('j');
		await rig.waitFor('2 Shards · clickstream');
		await rig.press('l');
		await rig.waitFor('3 Tail · clickstream · all shards · LATEST');
		await recordRows(rig, 5);
		await whole(rig, 'small.svg', 'The explorer at 80×24: the tail has the room');
		await rig.press('q');
		expect(await rig.waitForExit()).toMatchObject({exitCode: 0});
	} finally {
		rig.kill();
	}
});
