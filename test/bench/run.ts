// npm run bench [-- --quick]: every benchmark, each beside its baseline in the same run, on kinesalite.
// Prints a table and writes test/bench/results-node<major>.json, one file for each Node it runs on
// (results-quick.json with --quick). --quick runs each at a tenth of the size.
import {writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import prettier from 'prettier';
import {startKinesalite} from './engine.js';
import type {Result} from './result.js';
import {liveBenchmark} from './live-bench.js';
import {scaleBenchmark} from './scale-bench.js';
import {startupBenchmark} from './startup-bench.js';
import {statsBenchmark} from './stats-bench.js';
import {putBenchmark} from './put-bench.js';
import {tailBenchmark} from './tail-bench.js';
import {windowBenchmark} from './window-bench.js';
import {copyBenchmark} from './copy-bench.js';

const quick = process.argv.includes('--quick');
const only = process.argv
	.find((argument) => argument.startsWith('--only='))
	?.slice(7)
	.split(',');
const scale = quick ? 0.1 : 1;
// Each side's runs alternate with its baseline's; a quick run takes two of each, to stay under a minute.
const rounds = quick ? 2 : 3;

type Benchmark = {
	name: string;
	run: (endpoint: Awaited<ReturnType<typeof startKinesalite>>) => Promise<Result[]>;
};

const benchmarks: Benchmark[] = [
	{name: 'start-up', run: (engine) => startupBenchmark(engine, quick ? 2 : 5)},
	{name: 'tail', run: (engine) => tailBenchmark(engine, 200_000 * scale, rounds)},
	{name: 'window', run: (engine) => windowBenchmark(engine, 200_000 * scale, rounds)},
	{name: 'put', run: (engine) => putBenchmark(engine, 100_000 * scale, rounds)},
	{name: 'copy', run: (engine) => copyBenchmark(engine, 100_000 * scale, rounds)},
	{name: 'stats', run: (engine) => statsBenchmark(engine, 100_000 * scale, rounds)},
	{name: 'live', run: (engine) => liveBenchmark(engine, 120 * scale)},
	{name: 'scale', run: (engine) => scaleBenchmark(engine, 5000 * scale, 2000 * scale)},
];

const started = performance.now();
const engine = await startKinesalite();
const results: Result[] = [];
const failures: string[] = [];
try {
	for (const benchmark of benchmarks) {
		if (only && !only.includes(benchmark.name)) {
			continue;
		}
		const benchmarkStarted = performance.now();
		process.stderr.write(`bench: ${benchmark.name}…\n`);
		try {
			results.push(...(await benchmark.run(engine)));
		} catch (error) {
			// The other benchmarks still run; the run fails at the end.
			failures.push(benchmark.name);
			process.stderr.write(
				`bench: ${benchmark.name} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
			);
		}
		process.stderr.write(`bench: ${benchmark.name} took ${seconds(benchmarkStarted)} s\n`);
	}
} finally {
	engine.stop();
}
const runSeconds = Number(seconds(started));
process.stdout.write(table(results));
process.stdout.write(
	`\n${quick ? 'quick run' : 'full run'} in ${runSeconds} s on ${os.cpus().length} CPUs, Node ${process.version}\n`,
);
if (process.argv.includes('--details')) {
	process.stdout.write(
		`${JSON.stringify(results.map((result) => result.samples).filter(Boolean))}\n`,
	);
}
if (!only && failures.length === 0) {
	// A quick run's figures go beside the full run's, not over them; a full run on Node 24 beside the
	// one on Node 20.
	const file = path.resolve(
		quick
			? 'test/bench/results-quick.json'
			: `test/bench/results-node${process.versions.node.split('.')[0]}.json`,
	);
	const json = JSON.stringify({
		date: new Date().toISOString(),
		quick,
		runSeconds,
		node: process.version,
		cpus: os.cpus().length,
		results,
	});
	// Formatted as the repository's Prettier config says, so that `npm run lint` passes with it.
	writeFileSync(
		file,
		await prettier.format(json, {...(await prettier.resolveConfig(file)), filepath: file}),
	);
}
// A missed goal fails a full run; a quick run's figures are too small to judge, and only smoke-test.
process.exit(
	failures.length === 0 && (quick || results.every((result) => result.met !== false)) ? 0 : 1,
);

function seconds(since: number): string {
	return ((performance.now() - since) / 1000).toFixed(1);
}

function format(value: number, unit: string): string {
	const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
	return `${value.toLocaleString('en', {maximumFractionDigits: digits, minimumFractionDigits: digits})} ${unit}`;
}

function table(rows: readonly Result[]): string {
	const cells = rows.map((row) => [
		row.figure,
		format(row.value, row.unit),
		row.baseline ? `${format(row.baseline.value, row.unit)} (${row.baseline.name})` : '',
		row.baseline ? `${((row.value / row.baseline.value) * 100).toFixed(0)}%` : '',
		row.goal
			? `${row.met === undefined ? 'not judged' : row.met ? 'met' : 'MISSED'}: ${row.goal}`
			: '',
		row.engine,
	]);
	const header = ['figure', 'ours', 'baseline', 'ours/base', 'goal', 'engine'];
	const widths = header.map((title, column) =>
		Math.max(title.length, ...cells.map((row) => row[column]!.length)),
	);
	const line = (row: readonly string[]) =>
		`${row
			.map((cell, column) => cell.padEnd(widths[column]!))
			.join('  ')
			.trimEnd()}\n`;
	return [header, widths.map((width) => '-'.repeat(width)), ...cells].map(line).join('');
}
