import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {KEYS, TerminalRig} from './terminal-rig.js';

/**
 * Records out of the explorer in a real terminal of an ordinary size (80×24): a tail in one key,
 * a record copied to the clipboard (the OSC 52 sequence the terminal reads), the tail saved to a file.
 */
describe('records out of the explorer', () => {
	let client: KinesisClient;
	let rig: TerminalRig | undefined;
	const stream = uniqueName('out');
	const encoder = new TextEncoder();

	beforeAll(async () => {
		client = localClient();
		await createActiveStream(client, {name: stream, shardCount: 2});
		await putRecordBatch(
			client,
			stream,
			['first', 'second', 'third'].map((word, index) => ({
				partitionKey: `key-${index}`,
				data: encoder.encode(`{"word":"${word}"}`),
			})),
		);
	});
	afterEach(() => rig?.kill());
	afterAll(() => client.destroy());

	it('tails in one key, copies a record by OSC 52 and saves the tail to a file', async () => {
		rig = new TerminalRig(['--endpoint-url', localSettings().endpoint ?? ''], {
			columns: 80,
			rows: 24,
		});
		await rig.waitFor(/1 Streams/);
		await rig.press('/');
		await rig.type(stream);
		await rig.press(KEYS.enter);
		await rig.waitFor(new RegExp(`2 Shards · ${stream}`));
		// The first tail in one key reads from LATEST: a record written after it shows.
		await rig.press('l');
		await rig.waitFor(`3 Tail · ${stream} · all shards · LATEST`);
		await rig.waitFor('● caught up');
		await putRecordBatch(client, stream, [
			{partitionKey: 'key-late', data: encoder.encode('{"word":"late"}')},
		]);
		await rig.waitFor('{"word":"late"}');
		// The record held, its data copied: the status bar says so, the terminal got the bytes.
		await rig.press('k', 'y');
		await rig.waitFor("Copied the record's data (15 B) to the clipboard.");
		expect(rig.clipboard).toEqual(['{"word":"late"}']);

		// Saved: the path typed over the one offered.
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'records-out-')), 'tail.ndjson');
		await rig.press('w');
		await rig.waitFor(/Save 1 record to: .*Z\.ndjson█/);
		await rig.press(KEYS.ctrlU);
		await rig.type(file);
		await rig.press(KEYS.enter);
		await rig.waitFor('Saved 1 record (');
		expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
			stream,
			partitionKey: 'key-late',
			data: '{"word":"late"}',
			encoding: 'utf8',
		});
		await rig.press('q');
		expect(await rig.exited).toMatchObject({exitCode: 0});
	});

	it('draws no colour when NO_COLOR is set (no-color.org), and its colours otherwise', async () => {
		for (const [env, coloured] of [
			[{NO_COLOR: '1', FORCE_COLOR: undefined}, false],
			[{}, true],
		] as const) {
			rig = new TerminalRig(['--endpoint-url', localSettings().endpoint ?? ''], {env});
			await rig.waitFor(/1 Streams/);
			await rig.press('/');
			await rig.type(stream);
			await rig.waitFor(new RegExp(`${stream} +ACTIVE`));
			// ACTIVE is green where colours are drawn, the terminal's own colour where not.
			expect(rig.colorOf('ACTIVE') === -1).toBe(!coloured);
			rig.kill();
		}
	});
});
