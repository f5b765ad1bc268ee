import {benchClient, createStream, deleteStream, type Engine, fillStream} from './engine.js';
import {CLI, median, runNode, type Run} from './measure.js';
import type {Result} from './result.js';
import {compiled} from './tail-bench.js';

/**
 * `copy` of a 4-shard stream holding `records` records of 200 bytes into a fresh 4-shard stream,
 * against the bare GetRecords → PutRecords loop (bare-copy.ts), alternately, on the same engine.
 * Wall time of each process, start to exit.
 */
export async function copyBenchmark(
	engine: Engine,
	records: number,
	rounds: number,
): Promise<Result[]> {
	const client = benchClient(engine.endpoint);
	const source = 'bench-copy';
	await createStream(client, source, 4);
	const fillStarted = performance.now();
	await fillStream(client, source, records, 200);
	const fillSeconds = (performance.now() - fillStarted) / 1000;
	const ours: number[] = [];
	const bare: number[] = [];
	const count = records.toLocaleString('en');
	const timed = async (side: string, told: RegExp, args: (target: string) => string[]) => {
		const target = `bench-copy-${side}-${ours.length}`;
		await createStream(client, target, 4);
		const run: Run = await runNode(args(target));
		await deleteStream(client, target);
		if (run.code !== 0 || !told.test(run.stderr)) {
			throw new Error(
				`${side} did not copy the ${records} records, exit ${run.code}: ${run.stderr}`,
			);
		}
		return records / (run.wallMs / 1000);
	};
	for (let round = 0; round < rounds; round++) {
		ours.push(
			await timed('ours', new RegExp(`^copy: read ${count} · sent ${count} · `, 'm'), (target) => [
				CLI,
				'copy',
				source,
				target,
				'--endpoint-url',
				engine.endpoint,
			]),
		);
		bare.push(
			await timed('bare', new RegExp(`^copied ${records} records\\n$`), (target) => [
				compiled('bare-copy.js'),
				engine.endpoint,
				source,
				target,
			]),
		);
	}
	await deleteStream(client, source);
	client.destroy();
	const oursRate = median(ours);
	const bareRate = median(bare);
	return [
		{
			benchmark: 'copy',
			figure: `copy, ${count} × 200 B, 4 shards into 4: wall time`,
			value: oursRate,
			unit: 'records/s',
			baseline: {name: 'bare GetRecords → PutRecords loop', value: bareRate},
			goal: 'at least 0.8× the bare loop',
			met: oursRate >= 0.8 * bareRate,
			engine: 'kinesalite',
			samples: {ours, bare, fillSeconds},
		},
	];
}
