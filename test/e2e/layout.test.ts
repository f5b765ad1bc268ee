import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {afterAll, beforeAll, describe, it} from 'vitest';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import {createActiveStream, localClient, localSettings, uniqueName} from '../support/kinesis.js';
import {TerminalRig} from './terminal-rig.js';

/**
 * The layout in a real terminal at three sizes: the focused tail gets the room, its DATA column at
 * least half of the pane (60 characters at 120×35), and z zooms it to the whole screen and back.
 * The sizes are tried side by side (concurrent), each in a terminal of its own. They share the stream,
 * so a tail may show the others' records too: each the same wide record.
 */
describe.concurrent('the layout, in a real terminal', () => {
	let client: KinesisClient;
	const stream = uniqueName('layout');
	const encoder = new TextEncoder();

	beforeAll(async () => {
		client = localClient();
		await createActiveStream(client, {name: stream, shardCount: 2});
	});
	afterAll(() => client.destroy());

	/** The tail pane's rows: from its title's row down, between its borders. */
	const tailPane = (screen: string) => {
		const lines = screen.split('\n');
		const top = lines.findIndex((line) => line.includes('─ 3 Tail'));
		const left = lines[top]!.indexOf('╭─ 3 Tail');
		const right = lines[top]!.indexOf('╮', left);
		return {lines: lines.slice(top + 1), left, inner: right - left - 1};
	};

	for (const [columns, rows, least] of [
		[80, 24, 0],
		[120, 35, 60],
		[200, 50, 60],
	] as const) {
		it(`gives the focused tail the room at ${columns}×${rows}, and zooms it with z`, async ({
			expect,
			onTestFinished,
		}) => {
			const rig = new TerminalRig(['--endpoint-url', localSettings().endpoint ?? ''], {
				columns,
				rows,
			});
			onTestFinished(() => rig.kill());
			await rig.waitFor(/1 Streams/);
			await rig.press('/');
			await rig.type(stream);
			await rig.press('\r');
			await rig.waitFor(new RegExp(`2 Shards · ${stream}`));
			await rig.press('l');
			await rig.waitFor(`3 Tail · ${stream} · all shards · LATEST`);
			await rig.waitFor('● caught up');
			await putRecordBatch(client, stream, [
				{partitionKey: 'wide', data: encoder.encode(JSON.stringify({text: 'x'.repeat(300)}))},
			]);
			const screen = await rig.waitFor('{"text":"xxxx');
			const pane = tailPane(screen);
			const header = pane.lines.find((line) => /TIME +SHRD/.test(line))!;
			const data = header.indexOf('DATA') - pane.left - 1;
			// The DATA column runs from its heading to the pane's border.
			const width = pane.inner - data;
			expect(width).toBeGreaterThanOrEqual(Math.ceil(pane.inner / 2));
			expect(width).toBeGreaterThanOrEqual(least);
			// Zoomed, the tail has the whole width; z again gives the panes back.
			await rig.press('z');
			const zoomed = await rig.waitFor(/^╭─ 3 Tail/m);
			expect(zoomed).not.toContain('1 Streams');
			expect(tailPane(zoomed).inner).toBe(columns - 2);
			await rig.press('z');
			await rig.waitFor('1 Streams');
		});
	}
});
