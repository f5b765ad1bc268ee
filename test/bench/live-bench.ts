import {PutRecordsCommand} from '@aws-sdk/client-kinesis';
import {benchClient, createStream, deleteStream, type Engine, sleep} from './engine.js';
import {median, type ProcessSample, quantile, sampleProcess} from './measure.js';
import type {Result} from './result.js';
import {Screen} from './screen.js';

const RATE = 2000;
const SAMPLE_EVERY_MS = 1000;
const KEYS = {up: '\u001b[A', enter: '\r'};

/**
 * The explorer in a pseudo-terminal tailing all shards of a 2-shard stream written at 2,000 records a
 * second. Each record's data starts with the time it was put (ms since the benchmark began) and its
 * number: `@<ms> #<n> `. The screen is read every 20 ms; each record that shows up on it gives one
 * lag figure, the time it was first seen less the time it was put. (At 2,000 a second most records are
 * never on screen: a frame shows the newest few, so this is the lag of what a person could read.)
 * CPU share and resident memory of the explorer come from /proc every second.
 *
 * Resident memory is a sawtooth, not a line: V8 lets its heap grow to three or four times what is live
 * before a full collection. Run with --trace-gc for 5 minutes, the explorer's heap after each full
 * collection stayed at 30-35 MB throughout, while RSS rose for the first ~40 s and then swung between
 * about 185 and 245 MB with no trend. So "flat" is judged on the peaks: a leak raises every peak,
 * where the floor and the median depend on when the last full collection happened to run.
 */
export async function liveBenchmark(engine: Engine, seconds: number): Promise<Result[]> {
	const client = benchClient(engine.endpoint);
	const stream = 'bench-live';
	await createStream(client, stream, 2);
	const screen = new Screen(['--endpoint-url', engine.endpoint], {columns: 160, rows: 40});
	try {
		await screen.waitFor(/bench-live +ACTIVE/);
		// Pane 3, then all shards (the first item, above the shard chosen in the tree), LATEST, polling.
		screen.write('3');
		await screen.waitFor('all shards');
		await sleep(300);
		screen.write(KEYS.up);
		await screen.waitFor('❯ all shards');
		screen.write(KEYS.enter);
		await screen.waitFor('Start from:');
		screen.write(KEYS.enter);
		await screen.waitFor('Read by:');
		screen.write(KEYS.enter);
		await screen.waitFor(/Tail · bench-live · all/);

		const began = performance.now();
		const now = () => performance.now() - began;
		let sent = 0;
		let producing = true;
		const producer = (async () => {
			while (producing) {
				// As many as the rate owes by now, in calls of up to 500, so a slow call is caught up on.
				const owed = Math.min(500, Math.floor((now() / 1000) * RATE) - sent);
				if (owed <= 0) {
					await sleep(10);
					continue;
				}
				const at = Math.round(now());
				const records = Array.from({length: owed}, (_, index) => ({
					PartitionKey: `user-${(sent + index) % 997}`,
					Data: Buffer.from(`@${at} #${sent + index} ${'x'.repeat(160)}`),
				}));
				sent += owed;
				await client.send(new PutRecordsCommand({StreamName: stream, Records: records}));
			}
		})();

		const lags: number[] = [];
		const seen = new Set<number>();
		const samples: ProcessSample[] = [sampleProcess(screen.pid, 0)];
		let nextSample = SAMPLE_EVERY_MS;
		while (now() < seconds * 1000) {
			const at = now();
			for (const line of screen.lines()) {
				const match = /@(\d+) #(\d+)/.exec(line);
				if (match && !seen.has(Number(match[2]))) {
					seen.add(Number(match[2]));
					lags.push(at - Number(match[1]));
				}
			}
			if (at >= nextSample) {
				samples.push(sampleProcess(screen.pid, at));
				nextSample += SAMPLE_EVERY_MS;
			}
			await sleep(20);
		}
		producing = false;
		await producer;
		const end = sampleProcess(screen.pid, now());
		samples.push(end);
		await screen.quit();
		await deleteStream(client, stream);

		// The first seconds of a tail (the ring buffer filling, code being compiled) are left out.
		const warmUpMs = Math.min(10_000, seconds * 250);
		const first = samples[0]!;
		const cpuShare = (end.cpuMs - first.cpuMs) / (end.atMs - first.atMs);
		const half = (warmUpMs + seconds * 1000) / 2;
		const rss = (from: number, to: number) =>
			samples
				.filter((sample) => sample.atMs >= from && sample.atMs < to)
				.map((sample) => sample.rssMb);
		const firstHalf = Math.max(...rss(warmUpMs, half));
		const secondHalf = Math.max(...rss(half, Number.POSITIVE_INFINITY));
		const lagMedian = median(lags);
		const lagP99 = quantile(lags, 0.99);
		const setting = `explorer tailing all shards at ${RATE.toLocaleString('en')} records/s for ${seconds} s`;
		const details = {
			sent,
			sentPerSecond: sent / seconds,
			recordsSeenOnScreen: lags.length,
			rss: samples.map((sample) => ({
				atSeconds: Math.round(sample.atMs / 1000),
				mb: Math.round(sample.rssMb),
			})),
		};
		return [
			{
				benchmark: 'live',
				figure: `${setting}: lag put → screen, median`,
				value: lagMedian,
				unit: 'ms',
				goal: 'median under 1,500 ms',
				met: lagMedian < 1500,
				engine: 'kinesalite',
				samples: details,
			},
			{
				benchmark: 'live',
				figure: `${setting}: lag p99`,
				value: lagP99,
				unit: 'ms',
				engine: 'kinesalite',
			},
			{
				benchmark: 'live',
				figure: `${setting}: CPU share of one core`,
				value: cpuShare * 100,
				unit: '%',
				engine: 'kinesalite',
			},
			{
				benchmark: 'live',
				figure: `${setting}: resident memory, peak of the second half`,
				value: secondHalf,
				unit: 'MB',
				baseline: {name: `peak of the first half after ${warmUpMs / 1000} s`, value: firstHalf},
				goal: 'flat: within 10% of the first half',
				// A few seconds (a quick run) show where the sawtooth is, not a trend.
				met: seconds >= 60 ? secondHalf <= firstHalf * 1.1 : undefined,
				engine: 'kinesalite',
			},
			{
				benchmark: 'live',
				figure: `${setting}: resident memory at the start → end`,
				value: end.rssMb,
				unit: 'MB',
				baseline: {name: 'at the start', value: first.rssMb},
				engine: 'kinesalite',
			},
		];
	} finally {
		screen.kill();
		client.destroy();
	}
}
