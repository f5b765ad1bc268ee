import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {KEYS, TerminalRig} from './terminal-rig.js';

/**
 * `--buffer <n>` is the number of records the tail pane keeps: the explorer is given one, tails a
 * stream that holds more, and shows that it keeps that many, the newest. (That the explorer's
 * buffer is 10,000 when no --buffer is given is the command line's, test/unit/tail-command-line.)
 */

const encoder = new TextEncoder();
const label = (n: number) => `record-${String(n).padStart(3, '0')}`;

let client: KinesisClient;
let rig: TerminalRig | undefined;
beforeAll(() => {
	client = localClient();
});
afterAll(() => client?.destroy());
afterEach(() => rig?.kill());

describe('the tail pane', () => {
	it('keeps the newest records, as many as --buffer says', async () => {
		const stream = uniqueName('buffer');
		await createActiveStream(client, {name: stream, shardCount: 1});
		const outcomes = await putRecordBatch(
			client,
			stream,
			Array.from({length: 150}, (_, n) => ({partitionKey: 'k', data: encoder.encode(label(n))})),
		);
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);

		// Wide enough for the tail's status row to show its counts whole.
		rig = new TerminalRig(['--endpoint-url', localSettings().endpoint ?? '', '--buffer', '100'], {
			columns: 200,
			rows: 36,
		});
		await rig.waitFor(/1 Streams/);
		await rig.press('/');
		await rig.type(stream);
		await rig.press(KEYS.enter);
		await rig.waitFor(`2 Shards · ${stream}`);
		await rig.press('3');
		await rig.waitFor('shardId-000000000000  open  (chosen in the shard tree)');
		await rig.waitFor('❯ all shards');
		await rig.waitFor('enter go on · tab next pane');
		await rig.tailFromTrimHorizon();

		await rig.waitFor('· 150 records (100 kept)');
		await rig.waitFor(label(149));
		// The oldest kept is the 51st written: the first 50 have made way.
		await rig.press('g');
		const top = await rig.waitFor(label(50));
		expect(top).not.toContain(label(49));
		await rig.press('q');
		expect(await rig.waitForExit()).toMatchObject({exitCode: 0});
	});
});
