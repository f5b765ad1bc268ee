import {CreateStreamCommand} from '@aws-sdk/client-kinesis';
import {benchClient, createStream, deleteStream, type Engine, sleep} from './engine.js';
import {median, sampleProcess} from './measure.js';
import type {Result} from './result.js';
import {Screen} from './screen.js';

const KEYS = {enter: '\r'};
const MOVES = 10;

/**
 * The explorer with many streams and a stream of many shards. Time to first render: launch to the
 * first stream row, and to the list holding every stream (ListStreams is paced at 4 calls a second,
 * as the API's limit asks). Key to frame: a keypress written to the terminal until the screen shows
 * what it moved to, the median of ten moves; this is the whole path a person waits on, input parsing,
 * React, Ink's frame and the terminal emulator included.
 */
export async function scaleBenchmark(
	engine: Engine,
	streams: number,
	shards: number,
): Promise<Result[]> {
	const client = benchClient(engine.endpoint);
	const name = (index: number) => `scale-${String(index).padStart(5, '0')}`;
	let next = 0;
	const worker = async () => {
		while (next < streams) {
			const index = next++;
			await client.send(new CreateStreamCommand({StreamName: name(index), ShardCount: 1}));
		}
	};
	await Promise.all(Array.from({length: 8}, worker));
	const wide = 'scale-wide';
	await createStream(client, wide, shards);
	const shardId = (index: number) => `shardId-${String(index).padStart(12, '0')}`;

	const launched = performance.now();
	const screen = new Screen(['--endpoint-url', engine.endpoint], {columns: 140, rows: 40});
	try {
		const firstRow = (await screen.waitFor(/scale-00000 +ACTIVE/, 60_000, 2)) - launched;
		const total = streams + 1;
		const allListed = (await screen.waitFor(`Streams · ${total}`, 120_000, 5)) - launched;
		const listRss = sampleProcess(screen.pid, 0).rssMb;
		// j moves the selection: the frame that shows the next row in inverse video. (The shards pane then
		// follows the selected stream in a later frame, `listFollowed`.)
		const listMoves: number[] = [];
		const listFollowed: number[] = [];
		for (let move = 1; move <= MOVES; move++) {
			await sleep(150);
			const pressed = performance.now();
			screen.write('j');
			listMoves.push((await screen.waitForSelected(name(move))) - pressed);
			listFollowed.push((await screen.waitFor(`Shards · ${name(move)}`, 10_000, 1)) - pressed);
		}

		// The shard tree follows the selected stream: filtering the list down to the wide stream selects
		// it, and its tree is listed (ListShards, paged) and drawn.
		screen.write('/');
		await sleep(300);
		const filtered = performance.now();
		screen.write(wide);
		const treeShown = (await screen.waitFor(`${shards} open · 0 closed`, 60_000, 2)) - filtered;
		screen.write(KEYS.enter);
		await sleep(300);
		screen.write('2');
		await screen.waitFor(`${shardId(0)} · OPEN`);
		const treeMoves: number[] = [];
		for (let move = 1; move <= MOVES; move++) {
			await sleep(150);
			const pressed = performance.now();
			screen.write('j');
			treeMoves.push((await screen.waitFor(`${shardId(move)} · OPEN`, 10_000, 1)) - pressed);
		}
		const treeRss = sampleProcess(screen.pid, 0).rssMb;
		await screen.quit();

		await deleteStream(client, wide);
		for (let index = 0; index < streams; index++) {
			await deleteStream(client, name(index));
		}
		const lots = `${streams.toLocaleString('en')} streams`;
		const tree = `a stream of ${shards.toLocaleString('en')} shards`;
		return [
			{
				benchmark: 'scale',
				figure: `${lots}: launch → first stream row`,
				value: firstRow,
				unit: 'ms',
				engine: 'kinesalite',
			},
			{
				benchmark: 'scale',
				figure: `${lots}: launch → every stream listed`,
				value: allListed,
				unit: 'ms',
				engine: 'kinesalite',
			},
			{
				benchmark: 'scale',
				figure: `${lots}: key → frame (j), median of ${MOVES}`,
				value: median(listMoves),
				unit: 'ms',
				engine: 'kinesalite',
				samples: {listMoves},
			},
			{
				benchmark: 'scale',
				figure: `${lots}: key → the shards pane on the next stream, median of ${MOVES}`,
				value: median(listFollowed),
				unit: 'ms',
				engine: 'kinesalite',
				samples: {listFollowed},
			},
			{
				benchmark: 'scale',
				figure: `${lots}: resident memory`,
				value: listRss,
				unit: 'MB',
				engine: 'kinesalite',
			},
			{
				benchmark: 'scale',
				figure: `${tree}: filter typed → its tree shown`,
				value: treeShown,
				unit: 'ms',
				engine: 'kinesalite',
			},
			{
				benchmark: 'scale',
				figure: `${tree}: key → frame (j), median of ${MOVES}`,
				value: median(treeMoves),
				unit: 'ms',
				engine: 'kinesalite',
				samples: {treeMoves},
			},
			{
				benchmark: 'scale',
				figure: `${tree}: resident memory`,
				value: treeRss,
				unit: 'MB',
				engine: 'kinesalite',
			},
		];
	} finally {
		screen.kill();
		client.destroy();
	}
}
