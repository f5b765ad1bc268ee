import {writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {benchClient, createStream, deleteStream, type Engine, payload} from './engine.js';
import {CLI, median, runNode} from './measure.js';
import type {Result} from './result.js';
import {compiled} from './tail-bench.js';

/**
 * `put --file` of an NDJSON file against the bare batched loop and the single-call loop (bare-put.ts),
 * alternately, each into a fresh 4-shard stream. Wall time of the whole process, start to exit: the
 * command reads the file twice (a check, then the sending), and that is part of what it costs.
 * The single-call loop is timed over a twentieth of the file: at its rate the whole would take minutes.
 */
export async function putBenchmark(
	engine: Engine,
	records: number,
	rounds: number,
): Promise<Result[]> {
	const client = benchClient(engine.endpoint);
	const file = path.join(os.tmpdir(), `kinesis-explorer-bench-${process.pid}.ndjson`);
	writeFileSync(
		file,
		Array.from({length: records}, (_, index) => `${payload(index, 200)}\n`).join(''),
	);
	const singles = Math.max(100, records / 20);
	const ours: number[] = [];
	const batched: number[] = [];
	const single: number[] = [];
	const timed = async (side: string, count: number, args: (stream: string) => string[]) => {
		const stream = `bench-put-${side}-${ours.length}`;
		await createStream(client, stream, 4);
		const run = await runNode(args(stream));
		await deleteStream(client, stream);
		if (run.code !== 0) {
			throw new Error(`${side} put failed with ${run.code}: ${run.stderr}`);
		}
		return count / (run.wallMs / 1000);
	};
	for (let round = 0; round < rounds; round++) {
		ours.push(
			await timed('ours', records, (stream) => [
				CLI,
				'put',
				stream,
				'--file',
				file,
				'--endpoint-url',
				engine.endpoint,
			]),
		);
		batched.push(
			await timed('batched', records, (stream) => [
				compiled('bare-put.js'),
				engine.endpoint,
				stream,
				file,
				'batch',
				String(records),
			]),
		);
		single.push(
			await timed('single', singles, (stream) => [
				compiled('bare-put.js'),
				engine.endpoint,
				stream,
				file,
				'single',
				String(singles),
			]),
		);
	}
	client.destroy();
	const oursRate = median(ours);
	const batchedRate = median(batched);
	const singleRate = median(single);
	const figure = `put --file, ${records.toLocaleString('en')} NDJSON lines × 200 B, 4 shards`;
	return [
		{
			benchmark: 'put',
			figure,
			value: oursRate,
			unit: 'records/s',
			baseline: {name: 'bare PutRecords × 500 loop', value: batchedRate},
			goal: 'within 20% of the bare batched loop',
			met: oursRate >= 0.8 * batchedRate,
			engine: 'kinesalite',
			samples: {ours, batched},
		},
		{
			benchmark: 'put',
			figure,
			value: oursRate,
			unit: 'records/s',
			baseline: {
				name: `bare PutRecord loop, ${singles.toLocaleString('en')} records`,
				value: singleRate,
			},
			engine: 'kinesalite',
			samples: {single},
		},
	];
}
