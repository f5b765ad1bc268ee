import {stripVTControlCharacters} from 'node:util';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {render} from 'ink-testing-library';
import type {ReactNode} from 'react';
import {useState} from 'react';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import {listShards, splitShard} from '../../source/kinesis/shards.js';
import {createTailService, type TailService} from '../../source/kinesis/tail-service.js';
import {createKeyRouter, KeyRouterContext, useFrameKeys} from '../../source/ui/key-router.js';
import {TailPane} from '../../source/ui/tail/tail-pane.js';
import {createActiveStream, localClient, uniqueName} from '../support/kinesis.js';

const ESC = '\u001B';
const ENTER = '\r';
const UP = '\u001B[A';
const BACKSPACE = '\u007F';
const hostile = '\u001b]0;owned\u0007\u001b[2J\u001b[31mred';

/** The frame's part in key handling: every key offered to the focused pane, as the explorer does. */
function Frame({children}: {children: ReactNode}) {
	const [router] = useState(createKeyRouter);
	useFrameKeys((input, key) => {
		router.offer(input, key);
	});
	return <KeyRouterContext.Provider value={router}>{children}</KeyRouterContext.Provider>;
}

async function frameWith(lastFrame: () => string | undefined, check: (frame: string) => void) {
	await vi.waitFor(() => check(stripVTControlCharacters(lastFrame() ?? '')), {
		timeout: 30_000,
		interval: 20,
	});
}

/**
 * Keys one at a time, as a person types them. A menu listens for keys from the effect after it is
 * drawn: each key waits a moment, so that it does not arrive before the menu can hear it.
 */
async function type(stdin: {write(data: string): void}, ...keys: string[]) {
	for (const key of keys) {
		await new Promise((resolve) => setTimeout(resolve, 50));
		stdin.write(key);
	}
}

describe('the tail pane', () => {
	let client: KinesisClient;
	let service: TailService;
	const stream = uniqueName('tail-ui');
	let shardIds: string[] = [];
	const put = async (records: Array<{partitionKey: string; data: string}>) => {
		const outcomes = await putRecordBatch(
			client,
			stream,
			records.map((record) => ({
				partitionKey: record.partitionKey,
				data: new TextEncoder().encode(record.data),
			})),
		);
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
	};

	beforeAll(async () => {
		client = localClient();
		await createActiveStream(client, {name: stream, shardCount: 2});
		shardIds = (await listShards(client, stream)).map((shard) => shard.shardId);
		await put([
			{partitionKey: 'hostile', data: hostile},
			{partitionKey: 'order-1', data: '{"order":1,"total":12.5,"items":["espresso"]}'},
		]);
	});
	afterEach(() => service?.stop());
	afterAll(() => client.destroy());

	function renderPane(shardId?: string, on = stream) {
		service = createTailService(client, {flushMs: 50});
		return render(
			<Frame>
				<TailPane
					service={service}
					stream={on}
					shardId={shardId}
					size={{width: 100, height: 30}}
					focused
				/>
			</Frame>,
		);
	}

	/** From the chooser's first menu: all shards, TRIM_HORIZON, polling. */
	async function tailFromTrimHorizon(
		stdin: {write(data: string): void},
		lastFrame: () => string | undefined,
	) {
		await frameWith(lastFrame, (frame) => expect(frame).toContain('❯ all shards'));
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Start from:'));
		await type(stdin, 'j');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('❯ TRIM_HORIZON'));
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Read by:'));
		await type(stdin, ENTER);
	}

	it('shows a record of escape sequences as inert text: no title, no clearing, no colour', async () => {
		const {lastFrame, stdin, unmount} = renderPane();
		await tailFromTrimHorizon(stdin, lastFrame);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('3 Tail · ');
			expect(frame).toContain('␛]0;owned␇␛[2J␛[31mred');
			expect(frame).toMatch(/hostile +text +␛\]0;owned/);
		});
		const raw = lastFrame() ?? '';
		expect(raw).not.toContain('\u001b]');
		expect(raw).not.toContain('\u0007');
		expect(raw).not.toContain('\u001b[2J');
		expect(raw).not.toContain('\u001b[31mred');
		// Opened whole, it is just as inert.
		await type(stdin, '/', ...'hostile', ENTER, UP, ENTER);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(/partition key +hostile/);
			expect(frame).toContain('␛]0;owned␇␛[2J␛[31mred');
		});
		const opened = lastFrame() ?? '';
		expect(opened).not.toContain('\u001b]');
		expect(opened).not.toContain('\u0007');
		expect(opened).not.toContain('\u001b[2J');
		unmount();
	});

	it('opens a record whole: every field, its size, the JSON pretty-printed', async () => {
		const {lastFrame, stdin, unmount} = renderPane();
		await tailFromTrimHorizon(stdin, lastFrame);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('order-1'));
		await type(stdin, '/', ...'order-1', ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('1 match'));
		await type(stdin, UP, ENTER);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(/partition key +order-1/);
			expect(frame).toMatch(/sequence +\d{20,}/);
			expect(frame).toMatch(/size +45 bytes · JSON/);
			expect(frame).toContain('  "total": 12.5,');
			expect(frame).toContain('    "espresso"');
		});
		await type(stdin, ESC);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('/order-1'));
		unmount();
	});

	it('refuses a time it cannot read, and starts AT_TIMESTAMP from one it can', async () => {
		const {lastFrame, stdin, unmount} = renderPane();
		await frameWith(lastFrame, (frame) => expect(frame).toContain(shardIds[1]));
		await type(stdin, 'j');
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`❯ ${shardIds[0]}`));
		await type(stdin, 'j');
		await frameWith(lastFrame, (frame) => expect(frame).toContain(`❯ ${shardIds[1]}`));
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('AT_SEQUENCE_NUMBER'));
		await type(stdin, 'j', 'j');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('❯ AT_TIMESTAMP'));
		// Each step waits for the field it types into: a key sent before the field is drawn is lost.
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Time (ISO 8601'));
		await type(stdin, ...'yesterday');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('yesterday'));
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('"yesterday" is not a time'));
		await type(stdin, ...Array.from({length: 9}, () => BACKSPACE), ...'1d');
		await frameWith(lastFrame, (frame) => expect(frame).not.toContain('yesterday'));
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Read by:'));
		await type(stdin, ENTER);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toMatch(new RegExp(`Tail · ${stream} · ${shardIds[1]} · AT_TIMESTAMP \\d{4}-`));
			expect(frame).toContain('1 shard');
		});
		unmount();
	});

	it('reads by enhanced fan-out when asked, as the consumer named', async () => {
		const {lastFrame, stdin, unmount} = renderPane();
		await frameWith(lastFrame, (frame) => expect(frame).toContain('❯ all shards'));
		await type(stdin, ENTER, 'j', ENTER);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('Read by:'));
		await type(stdin, 'j', ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('Consumer name: kinesis-explorer'),
		);
		await type(stdin, '/', ENTER);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain('A consumer name is 1 to 128 letters, digits, _ . and -.'),
		);
		await type(stdin, BACKSPACE, ENTER);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain(`${stream} · all shards · TRIM_HORIZON · fan-out kinesis-explorer`);
			expect(frame).toContain('order-1');
		});
		unmount();
	});

	it('lists the shards again while the chooser is open: a split shows its children', async () => {
		const resharded = uniqueName('tail-ui-split');
		await createActiveStream(client, {name: resharded, shardCount: 1});
		const {lastFrame, unmount} = renderPane(undefined, resharded);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('shardId-000000000000  open'));
		await splitShard(client, resharded, 'shardId-000000000000', 2n ** 127n);
		await frameWith(lastFrame, (frame) => {
			expect(frame).toContain('shardId-000000000000  closed');
			expect(frame).toContain('shardId-000000000001  open');
			expect(frame).toContain('shardId-000000000002  open');
		});
		unmount();
	});

	it('offers the shard chosen in the shard tree first', async () => {
		const {lastFrame, unmount} = renderPane(shardIds[1]);
		await frameWith(lastFrame, (frame) =>
			expect(frame).toContain(`❯ ${shardIds[1]}  open  (chosen in the shard tree)`),
		);
		unmount();
	});

	it('pauses with space, and on resume shows what arrived meanwhile', async () => {
		const {lastFrame, stdin, unmount} = renderPane();
		await tailFromTrimHorizon(stdin, lastFrame);
		await frameWith(lastFrame, (frame) => expect(frame).toContain('● caught up'));
		await type(stdin, ' ');
		await frameWith(lastFrame, (frame) => expect(frame).toContain('● paused'));
		await put([{partitionKey: 'while-paused', data: 'arrived during the pause'}]);
		await type(stdin, ' ');
		await frameWith(lastFrame, (frame) => {
			expect(frame).not.toContain('● paused');
			expect(frame).toContain('arrived during the pause');
		});
		unmount();
	});
});
