import {benchClient, createStream, deleteStream, type Engine, fillStream} from './engine.js';
import {CLI, median, runNode, type Run} from './measure.js';
import type {Result} from './result.js';

/**
 * `tail --json --from trim-horizon --shard all` on a 4-shard stream full of 200-byte records, against
 * the bare SDK loop (bare-tail.ts), alternately, on the same engine. The rate is records over the
 * time from the first byte on stdout to the last: both sides' start-up is left out alike.
 */
export async function tailBenchmark(
	engine: Engine,
	records: number,
	rounds: number,
): Promise<Result[]> {
	const client = benchClient(engine.endpoint);
	const stream = 'bench-tail';
	await createStream(client, stream, 4);
	const fillStarted = performance.now();
	await fillStream(client, stream, records, 200);
	const fillSeconds = (performance.now() - fillStarted) / 1000;
	const ours: number[] = [];
	const bare: number[] = [];
	const rate = (run: Run, side: string) => {
		if (run.code !== 0 || run.lines !== records) {
			throw new Error(
				`${side} tail wrote ${run.lines} of ${records} lines, exit ${run.code}: ${run.stderr}`,
			);
		}
		return records / ((run.lastByteMs! - run.firstByteMs!) / 1000);
	};
	for (let round = 0; round < rounds; round++) {
		const tail = [CLI, 'tail', stream, '--json', '--from', 'trim-horizon', '--shard', 'all'];
		ours.push(
			rate(
				await runNode([...tail, '--max', String(records), '--endpoint-url', engine.endpoint]),
				'our',
			),
		);
		bare.push(
			rate(
				await runNode([compiled('bare-tail.js'), engine.endpoint, stream, String(records)]),
				'the bare',
			),
		);
	}
	await deleteStream(client, stream);
	client.destroy();
	const oursRate = median(ours);
	const bareRate = median(bare);
	return [
		{
			benchmark: 'tail',
			figure: `tail --json, ${records.toLocaleString('en')} × 200 B, 4 shards`,
			value: oursRate,
			unit: 'records/s',
			baseline: {name: 'bare GetRecords loop', value: bareRate},
			goal: 'within 20% of the bare loop',
			met: oursRate >= 0.8 * bareRate,
			engine: 'kinesalite',
			samples: {ours, bare, fillSeconds},
		},
	];
}

export function compiled(file: string): string {
	return new URL(file, import.meta.url).pathname;
}
