import {benchClient, createStream, deleteStream, type Engine, fillStream} from './engine.js';
import {CLI, median, runNode, type Run} from './measure.js';
import type {Result} from './result.js';
import {compiled} from './tail-bench.js';

/**
 * `tail --from trim-horizon --until now --json` of a 4-shard stream holding `records` records of
 * 200 bytes, against the bare GetRecords loop that stops at the end of every shard (bare-tail.ts
 * with no count to stop at), alternately, on the same engine. Wall time of each process, start to
 * exit: a window read ends by itself, and finding the end is part of what it costs.
 */
export async function windowBenchmark(
	engine: Engine,
	records: number,
	rounds: number,
): Promise<Result[]> {
	const client = benchClient(engine.endpoint);
	const stream = 'bench-window';
	await createStream(client, stream, 4);
	const fillStarted = performance.now();
	await fillStream(client, stream, records, 200);
	const fillSeconds = (performance.now() - fillStarted) / 1000;
	const ours: number[] = [];
	const bare: number[] = [];
	const rate = (run: Run, side: string) => {
		if (run.code !== 0 || run.lines !== records) {
			throw new Error(
				`${side} wrote ${run.lines} of ${records} lines, exit ${run.code}: ${run.stderr}`,
			);
		}
		return records / (run.wallMs / 1000);
	};
	for (let round = 0; round < rounds; round++) {
		ours.push(
			rate(
				await runNode([
					CLI,
					'tail',
					stream,
					'--from',
					'trim-horizon',
					'--until',
					'now',
					'--json',
					'--endpoint-url',
					engine.endpoint,
				]),
				'tail --until now',
			),
		);
		bare.push(
			rate(
				await runNode([compiled('bare-tail.js'), engine.endpoint, stream, 'Infinity']),
				'the bare loop',
			),
		);
	}
	await deleteStream(client, stream);
	client.destroy();
	const oursRate = median(ours);
	const bareRate = median(bare);
	return [
		{
			benchmark: 'window',
			figure: `tail --from trim-horizon --until now --json, ${records.toLocaleString('en')} × 200 B, 4 shards: wall time`,
			value: oursRate,
			unit: 'records/s',
			baseline: {name: 'bare GetRecords loop to the end', value: bareRate},
			goal: 'at least 0.8× the bare loop',
			met: oursRate >= 0.8 * bareRate,
			engine: 'kinesalite',
			samples: {ours, bare, fillSeconds},
		},
	];
}
