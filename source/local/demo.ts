import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {describeError} from '../kinesis/errors.js';
import {splitMidpoint} from '../model/hash-keys.js';
import {putRecordBatch} from '../kinesis/producer.js';
import type {OutgoingRecord} from '../model/record-limits.js';
import {sleep} from '../lib/rate-limiter.js';
import {listShards, mergeShards, splitShard} from '../kinesis/shards.js';
import {createStream, waitForActive} from '../kinesis/streams.js';
import type {NewStream} from '../model/stream.js';
import {DEMO_STREAMS, type DemoRecord, demoRecord} from './demo-records.js';

/**
 * The demo streams: a provisioned stream of 4 open shards with a resharding history (a split and a
 * merge leave closed parents in its shard tree), a small stream, and an on-demand stream.
 */
export async function seedDemoStreams(client: KinesisClient): Promise<void> {
	const streams: NewStream[] = [
		{name: DEMO_STREAMS.clickstream, shardCount: 4},
		{name: DEMO_STREAMS.logs, shardCount: 1},
		{name: DEMO_STREAMS.orders, onDemand: true},
	];
	await Promise.all(streams.map((stream) => createStream(client, stream)));
	await Promise.all(streams.map((stream) => waitForActive(client, stream.name, {pollMs: 100})));
	await reshard(client, DEMO_STREAMS.clickstream);
}

/** Splits the lowest shard at its midpoint, then merges the two highest: 4 → 5 → 4 open shards. */
async function reshard(client: KinesisClient, stream: string): Promise<void> {
	const open = async () =>
		(await listShards(client, stream))
			.filter((shard) => shard.sequenceNumberRange.end === undefined)
			.sort((a, b) => (a.hashKeyRange.start < b.hashKeyRange.start ? -1 : 1));
	const [lowest] = await open();
	const midpoint = lowest && splitMidpoint(lowest.hashKeyRange);
	if (!lowest || midpoint === undefined) {
		return;
	}
	await splitShard(client, stream, lowest.shardId, midpoint);
	await waitForActive(client, stream, {pollMs: 100});
	const [secondHighest, highest] = (await open()).slice(-2);
	if (secondHighest && highest) {
		await mergeShards(client, stream, secondHighest.shardId, highest.shardId);
		await waitForActive(client, stream, {pollMs: 100});
	}
}

export type DemoProducer = {stop(): Promise<void>};

const TICK_MS = 250;

/**
 * Writes a gentle trickle of demo records (`ratePerSecond` in all) in one PutRecords call per stream
 * per tick. A failure (the user deleted a demo stream, say) is reported and the trickle goes on;
 * `onProblem(undefined)` says a tick went through again.
 */
export function startDemoProducer(
	client: KinesisClient,
	{
		ratePerSecond,
		onProblem,
	}: {ratePerSecond: number; onProblem: (message: string | undefined) => void},
): DemoProducer {
	const controller = new AbortController();
	const {signal} = controller;
	const run = async () => {
		let owed = 0;
		let failing = false;
		while (!signal.aborted) {
			owed += (ratePerSecond * TICK_MS) / 1000;
			const count = Math.floor(owed);
			owed -= count;
			const byStream = new Map<string, OutgoingRecord[]>();
			for (const record of Array.from({length: count}, () => demoRecord())) {
				byStream.set(record.stream, [...(byStream.get(record.stream) ?? []), outgoing(record)]);
			}
			const problems = await Promise.all(
				[...byStream].map(async ([stream, records]) => {
					try {
						await putRecordBatch(client, stream, records, signal);
						return undefined;
					} catch (error) {
						return `Demo producer, ${stream}: ${describeError(error, {stream})}`;
					}
				}),
			);
			const problem = problems.find((message) => message !== undefined);
			if (!signal.aborted && (problem !== undefined || failing)) {
				onProblem(problem);
				failing = problem !== undefined;
			}
			await sleep(TICK_MS, signal).catch(() => undefined);
		}
	};
	const running = run();
	return {
		async stop() {
			controller.abort();
			await running;
		},
	};
}

function outgoing(record: DemoRecord): OutgoingRecord {
	return {partitionKey: record.partitionKey, data: record.data};
}
