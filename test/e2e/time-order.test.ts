import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {KEYS, TerminalRig} from './terminal-rig.js';

/**
 * Every shard from TRIM_HORIZON in a real terminal, over shards of uneven size: the rows come in the
 * order the records arrived, not a shard at a time.
 */
describe('the all-shard tail over uneven shards, in a real terminal', () => {
	let client: KinesisClient;
	let rig: TerminalRig | undefined;
	const stream = uniqueName('order');
	const encoder = new TextEncoder();
	const SECOND_HALF = String(2n ** 127n + 1n);

	beforeAll(async () => {
		client = localClient();
		await createActiveStream(client, {name: stream, shardCount: 2});
		// Ten rounds of three records into the first shard; every third round one into the second.
		for (let round = 0; round < 10; round++) {
			await putRecordBatch(
				client,
				stream,
				[0, 1, 2].map((index) => ({
					partitionKey: `big-${round}-${index}`,
					data: encoder.encode(`big ${round}.${index}`),
					explicitHashKey: '0',
				})),
			);
			if (round % 3 === 2) {
				await putRecordBatch(client, stream, [
					{
						partitionKey: `small-${round}`,
						data: encoder.encode(`small ${round}`),
						explicitHashKey: SECOND_HALF,
					},
				]);
			}
		}
	});
	afterEach(() => rig?.kill());
	afterAll(() => client.destroy());

	it('lists the records by arrival time, the small shard’s among the big one’s', async () => {
		rig = new TerminalRig(['--endpoint-url', localSettings().endpoint ?? ''], {
			columns: 120,
			rows: 50,
		});
		await rig.waitFor(/1 Streams/);
		await rig.press('/');
		await rig.type(stream);
		await rig.press(KEYS.enter);
		await rig.waitFor(new RegExp(`2 Shards · ${stream}`));
		await rig.press('3');
		await rig.waitFor('❯ all shards');
		await rig.waitFor('enter go on · tab next pane');
		await rig.tailFromTrimHorizon();
		await rig.waitFor('· 33 records');
		await rig.waitFor('big 9.2');
		const rows = rig
			.screen()
			.split('\n')
			.map((line) => /(\d\d:\d\d:\d\d\.\d{3}) +(\d) +\S+ +(big|small) /.exec(line))
			.filter((match) => match !== null);
		// The newest records, as many as the pane has rows for: their times never go back.
		expect(rows.length).toBeGreaterThanOrEqual(20);
		const times = rows.map((match) => match[1]!);
		expect(times).toEqual([...times].sort());
		// The small shard's records are among the others, not after them.
		const last = rows.findLastIndex((match) => match[3] === 'small');
		expect(rows.slice(last + 1).some((match) => match[3] === 'big')).toBe(true);
	});
});
