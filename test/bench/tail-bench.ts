import {ListShardsCommand} from '@aws-sdk/client-kinesis';
import {benchClient, createStream, deleteStream, type Engine, fillStream} from './engine.js';
import {CLI, median, runNode, type Run} from './measure.js';
import type {Result} from './result.js';

/**
 * `tail --json --from trim-horizon --shard all` against the bare SDK loop (bare-tail.ts), alternately,
 * on the same engine, over two streams of 200-byte records: four shards filled evenly, and two shards
 * of which one holds ten times the records of the other. Over several shards the tail writes the
 * records in the order they arrived (a shard read ahead waits for the others); the bare loop writes
 * each shard's as they come. The rate is records over the time from the start of the process to its
 * last byte on stdout, start-up included on both sides: from the first byte on, as it was measured
 * before, would flatter a tail that holds records back and then writes them at once (the figures
 * from the first byte are kept in the samples).
 */
export async function tailBenchmark(
	engine: Engine,
	records: number,
	rounds: number,
): Promise<Result[]> {
	const even = await tailCase(engine, {
		stream: 'bench-tail',
		shards: 4,
		records,
		rounds,
		figure: `tail --json, all shards in time order: ${records.toLocaleString('en')} × 200 B, 4 even shards`,
	});
	// 10 records in 11 to the first shard, 1 to the second.
	const uneven = Math.round(records * 0.55);
	const lopsided = await tailCase(engine, {
		stream: 'bench-tail-uneven',
		shards: 2,
		records: uneven,
		rounds,
		toShard: (index) => (index % 11 === 10 ? 1 : 0),
		figure: `tail --json, all shards in time order: ${uneven.toLocaleString('en')} × 200 B, 2 shards, 10:1`,
	});
	return [even, lopsided];
}

async function tailCase(
	engine: Engine,
	options: {
		stream: string;
		shards: number;
		records: number;
		rounds: number;
		figure: string;
		/** Which shard (in ListShards order) a record goes to; by its partition key when not given. */
		toShard?: (index: number) => number;
	},
): Promise<Result> {
	const {stream, records, rounds, toShard} = options;
	const client = benchClient(engine.endpoint);
	await createStream(client, stream, options.shards);
	const {Shards: shards = []} = await client.send(new ListShardsCommand({StreamName: stream}));
	const hashKeys = shards.map((shard) => shard.HashKeyRange?.StartingHashKey ?? '0');
	const fillStarted = performance.now();
	await fillStream(
		client,
		stream,
		records,
		200,
		toShard && ((index) => hashKeys[toShard(index)] ?? '0'),
	);
	const fillSeconds = (performance.now() - fillStarted) / 1000;
	const ours: number[] = [];
	const bare: number[] = [];
	const fromFirstByte = {ours: [] as number[], bare: [] as number[]};
	const rate = (run: Run, side: 'ours' | 'bare') => {
		if (run.code !== 0 || run.lines !== records) {
			throw new Error(
				`${side} tail wrote ${run.lines} of ${records} lines, exit ${run.code}: ${run.stderr}`,
			);
		}
		fromFirstByte[side].push(records / ((run.lastByteMs! - run.firstByteMs!) / 1000));
		return records / (run.lastByteMs! / 1000);
	};
	for (let round = 0; round < rounds; round++) {
		const tail = [CLI, 'tail', stream, '--json', '--from', 'trim-horizon', '--shard', 'all'];
		ours.push(
			rate(
				await runNode([...tail, '--max', String(records), '--endpoint-url', engine.endpoint]),
				'ours',
			),
		);
		bare.push(
			rate(
				await runNode([compiled('bare-tail.js'), engine.endpoint, stream, String(records)]),
				'bare',
			),
		);
	}
	await deleteStream(client, stream);
	client.destroy();
	const oursRate = median(ours);
	const bareRate = median(bare);
	return {
		benchmark: 'tail',
		figure: options.figure,
		value: oursRate,
		unit: 'records/s',
		baseline: {name: 'bare GetRecords loop', value: bareRate},
		goal: 'within 20% of the bare loop',
		met: oursRate >= 0.8 * bareRate,
		engine: 'kinesalite',
		samples: {ours, bare, fromFirstByte, fillSeconds},
	};
}

export function compiled(file: string): string {
	return new URL(file, import.meta.url).pathname;
}
