import {benchClient, createStream, deleteStream, type Engine, fillStream} from './engine.js';
import {CLI, median, runNode, type Run} from './measure.js';
import type {Result} from './result.js';
import {compiled} from './tail-bench.js';

/**
 * `stats --json` over a window of a 4-shard stream holding `records` records of 200 bytes, against
 * the bare GetRecords loop reading the same window (bare-window.ts), alternately, on the same engine.
 * Wall time of each process, start to exit: stats prints its report only once it has read the
 * window, and its own start-up, the arithmetic and the polite pacing are part of what it costs.
 */
export async function statsBenchmark(
	engine: Engine,
	records: number,
	rounds: number,
): Promise<Result[]> {
	const client = benchClient(engine.endpoint);
	const stream = 'bench-stats';
	await createStream(client, stream, 4);
	// A second's margin before the first record: the window holds every record written, no other.
	const from = new Date(Date.now() - 1000).toISOString();
	const fillStarted = performance.now();
	await fillStream(client, stream, records, 200);
	const fillSeconds = (performance.now() - fillStarted) / 1000;
	const ours: number[] = [];
	const bare: number[] = [];
	const rate = (run: Run, side: string, told: RegExp) => {
		if (run.code !== 0 || !told.test(run.stderr)) {
			throw new Error(
				`${side} did not read the ${records} records, exit ${run.code}: ${run.stderr}`,
			);
		}
		return records / (run.wallMs / 1000);
	};
	const count = records.toLocaleString('en');
	for (let round = 0; round < rounds; round++) {
		ours.push(
			rate(
				await runNode([
					CLI,
					'stats',
					stream,
					'--since',
					from,
					'--json',
					'--endpoint-url',
					engine.endpoint,
				]),
				'stats',
				new RegExp(`100% · ${count} records · \\d+ GetRecords calls\\n$`),
			),
		);
		bare.push(
			rate(
				await runNode([compiled('bare-window.js'), engine.endpoint, stream, from]),
				'the bare loop',
				new RegExp(`^read ${records} records\\n$`),
			),
		);
	}
	await deleteStream(client, stream);
	client.destroy();
	const oursRate = median(ours);
	const bareRate = median(bare);
	return [
		{
			benchmark: 'stats',
			figure: `stats --json over a window of ${count} × 200 B, 4 shards: wall time`,
			value: oursRate,
			unit: 'records/s',
			baseline: {name: 'bare GetRecords loop over the window', value: bareRate},
			goal: 'at least 0.8× the bare loop',
			met: oursRate >= 0.8 * bareRate,
			engine: 'kinesalite',
			samples: {ours, bare, fillSeconds},
		},
	];
}
