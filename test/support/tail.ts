import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {splitMidpoint} from '../../source/model/hash-keys.js';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import type {OutgoingRecord} from '../../source/model/record-limits.js';
import {listShards, mergeShards, splitShard} from '../../source/kinesis/shards.js';
import type {Shard} from '../../source/model/shard.js';
import {waitForActive} from '../../source/kinesis/streams.js';
import {aggregate} from './kpl.js';

/**
 * Records written so that a reader can check it got each exactly once and in order per partition key:
 * every record's data is {"k": partition key, "n": its place among that key's records}.
 */
export type Written = Map<string, number>;

const encoder = new TextEncoder();
const payload = (key: string, n: number) => encoder.encode(JSON.stringify({k: key, n}));

export type WriterOptions = {
	/** Plain records: one a round for each of these keys. */
	keys: number;
	/** KPL aggregates: every third round, one of three sub-records for each of these keys. */
	aggregateKeys?: number;
	/** A pause between rounds, for a writer that should go on for a while. */
	pauseMs?: number;
};

/**
 * Writes a round at a time (one PutRecords call, at most one record or aggregate per key, so each
 * key's order is the order of the calls); an entry that fails is sent again before the next round.
 */
export function startWriter(client: KinesisClient, stream: string, options: WriterOptions) {
	const written: Written = new Map();
	let stopping = false;
	let rounds = 0;
	const next = (key: string) => {
		const n = written.get(key) ?? 0;
		written.set(key, n + 1);
		return n;
	};
	const round = async () => {
		let batch: OutgoingRecord[] = Array.from({length: options.keys}, (_, index) => {
			const key = `key-${index}`;
			return {partitionKey: key, data: payload(key, next(key))};
		});
		if (rounds % 3 === 0) {
			for (let index = 0; index < (options.aggregateKeys ?? 0); index++) {
				const key = `kpl-${index}`;
				const subs = [0, 1, 2].map(() => ({partitionKey: key, data: payload(key, next(key))}));
				batch.push({partitionKey: key, data: aggregate(subs)});
			}
		}
		rounds++;
		while (batch.length > 0) {
			const outcomes = await putRecordBatch(client, stream, batch);
			batch = batch.filter((_, index) => !outcomes[index]?.ok);
		}
	};
	const running = (async () => {
		while (!stopping) {
			await round();
			if (options.pauseMs) {
				await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
			}
		}
	})();
	return {
		written,
		rounds: () => rounds,
		/** Stops after the round under way; resolves with the records written, sub-records counted. */
		async stop(): Promise<number> {
			stopping = true;
			await running;
			return [...written.values()].reduce((sum, count) => sum + count, 0);
		},
	};
}

/** Waits (bounded by the test's timeout) until the writer has done this many more rounds. */
export async function roundsPass(writer: {rounds(): number}, count: number) {
	const target = writer.rounds() + count;
	while (writer.rounds() < target) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

const open = (shards: Shard[]) =>
	shards
		.filter((shard) => shard.sequenceNumberRange.end === undefined)
		.sort((a, b) => (a.hashKeyRange.start < b.hashKeyRange.start ? -1 : 1));

/** Splits the lowest open shard in two. */
export async function splitLowest(client: KinesisClient, stream: string) {
	const [lowest] = open(await listShards(client, stream));
	const midpoint = lowest && splitMidpoint(lowest.hashKeyRange);
	if (!lowest || midpoint === undefined) {
		throw new Error('Nothing to split.');
	}
	await splitShard(client, stream, lowest.shardId, midpoint);
	await waitForActive(client, stream, {pollMs: 100});
}

/** Merges the two lowest open shards. */
export async function mergeLowest(client: KinesisClient, stream: string) {
	const [first, second] = open(await listShards(client, stream));
	if (!first || !second) {
		throw new Error('Nothing to merge.');
	}
	await mergeShards(client, stream, first.shardId, second.shardId);
	await waitForActive(client, stream, {pollMs: 100});
}

export type Delivered = {partitionKey: string; data: string};

/**
 * What a reader got, checked against what was written: every record once, each key's in order.
 * Returns the problems found (none: an empty list), so a failure says what went wrong.
 */
export function checkDelivery(delivered: readonly Delivered[], written: Written): string[] {
	const seen = new Map<string, number[]>();
	const problems: string[] = [];
	for (const record of delivered) {
		const {k, n} = JSON.parse(record.data) as {k: string; n: number};
		if (k !== record.partitionKey) {
			problems.push(`record ${k}#${n} came with partition key ${record.partitionKey}`);
		}
		seen.set(k, [...(seen.get(k) ?? []), n]);
	}
	for (const [key, count] of written) {
		const got = seen.get(key) ?? [];
		const expected = Array.from({length: count}, (_, index) => index);
		if (got.join(',') !== expected.join(',')) {
			problems.push(`${key}: expected 0…${count - 1} once each in order, got ${got.join(',')}`);
		}
	}
	for (const key of seen.keys()) {
		if (!written.has(key)) {
			problems.push(`${key} was never written`);
		}
	}
	return problems;
}
