import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {readAllRecords} from '../support/read-back.js';
import {KEYS, TerminalRig} from './terminal-rig.js';

/**
 * The put form's file dialog in a real terminal of the smallest size the explorer promises to be
 * usable at: after an error its keys go back to its fields (nothing typed reaches another pane or
 * the frame), and a checked file's bad lines are all there, a row at a time.
 */

let client: KinesisClient;
let rig: TerminalRig | undefined;
beforeAll(() => {
	client = localClient();
});
afterAll(() => client?.destroy());
afterEach(() => rig?.kill());

/** The status bar's row: the hints of the pane that has the keys, then the frame's. */
const statusBar = (screen: string) => screen.split('\n').at(-2) ?? '';

describe('the file dialog at 80×24', () => {
	it('keeps its keys after an error, and lists every bad line of the file it then checks', async () => {
		const stream = uniqueName('file-keys');
		await createActiveStream(client, {name: stream, shardCount: 2});
		const folder = mkdtempSync(path.join(tmpdir(), 'file-dialog-'));
		const missing = path.join(folder, 'missing.ndjson');
		const file = path.join(folder, 'orders.ndjson');
		// Three good records among twelve bad lines: more than the dialog has rows for at 80×24.
		const bad = Array.from({length: 12}, (_, n) => (n % 2 === 0 ? `not json ${n}` : '{"user":{}}'));
		const lines = ['{"user":{"id":"u-1"}}', ...bad.slice(0, 6), '{"user":{"id":"u-2"}}'];
		lines.push(...bad.slice(6), '{"user":{"id":"u-3"}}');
		writeFileSync(file, `${lines.join('\n')}\n`);
		const badNumbers = lines.flatMap((line, index) => (line.includes('u-') ? [] : [index + 1]));
		rig = new TerminalRig(['--endpoint-url', localSettings().endpoint ?? ''], {
			columns: 80,
			rows: 24,
		});
		const explorer = rig;
		await explorer.waitFor(/1 Streams/);
		await explorer.press('/');
		await explorer.type(stream);
		await explorer.press(KEYS.enter);
		await explorer.waitFor(`2 Shards · ${stream}`);
		await explorer.press('4');
		await explorer.waitFor(/\ne edit · s send/);
		await explorer.press('f');
		await explorer.waitFor(`Send a file to ${stream}`);
		await explorer.type(missing);
		await explorer.press(KEYS.enter);
		await explorer.waitFor('Cannot read the file');

		// While the error shows, tab, a pane's digit, q and ? are the dialog's, and do nothing; enter
		// goes back to the path, editing it: the x typed next is typed there.
		await explorer.press(KEYS.tab, '1', 'q', '?', KEYS.enter, 'x');
		await explorer.waitFor(/File: [^\n]*missing\.ndjsonx█/);
		expect(explorer.screen()).not.toContain('Cannot read the file');
		// Tab goes to the key field, and a digit, ?, q and z are typed into it: no pane is focused or
		// zoomed, the help stays shut, the explorer runs on.
		await explorer.press(KEYS.tab);
		await explorer.type('user.id2?qz');
		let screen = await explorer.waitFor('Key field: user.id2?qz█');
		expect(screen).toContain(`4 Put · ${stream}`);
		expect(screen).toContain('1 Streams');
		expect(screen).not.toContain('Keys (? or esc to close)');
		// The status bar has the frame's hints alone: no list's or menu's came before them.
		expect(statusBar(screen)).toMatch(/^tab next pane · /);

		// The field mended, the path typed again: the file is checked, twelve of its lines bad.
		await explorer.press(...Array.from('2?qz', () => KEYS.backspace), KEYS.tab, KEYS.ctrlU);
		await explorer.type(file);
		await explorer.press(KEYS.enter);
		screen = await explorer.waitFor(`3 records to send to ${stream}.`);
		expect(screen).toContain('Key field: user.id');
		// Every bad line is there, those the dialog has no rows for scrolled to with j.
		const heading = /12 bad lines, skipped: 1–(\d+) of 12/.exec(screen);
		expect(heading).not.toBeNull();
		const rows = Number(heading![1]);
		const seen = new Set<number>();
		for (let first = 1; first <= 12 - rows + 1; first++) {
			screen = await explorer.waitFor(`skipped: ${first}–${first + rows - 1} of 12`);
			for (const match of screen.matchAll(/line (\d+): (?:Not JSON|No field user\.id)/g)) {
				seen.add(Number(match[1]));
			}
			await explorer.press('j');
		}
		expect([...seen].sort((x, y) => x - y)).toEqual(badNumbers);

		// Enter, still the dialog's, sends the good records, with the keys their field gave them.
		await explorer.press(KEYS.enter);
		await explorer.waitFor(new RegExp(`Sent 3 records to ${stream} in`));
		const read = await readAllRecords(client, stream);
		expect(read.map((record) => record.partitionKey).sort()).toEqual(['u-1', 'u-2', 'u-3']);
		await explorer.press(KEYS.escape);
		await explorer.waitFor(/\ne edit · s send/);
		await explorer.press('q');
		expect(await explorer.waitForExit()).toMatchObject({exitCode: 0});
	});
});
