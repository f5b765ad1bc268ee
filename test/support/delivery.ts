import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {putRecordBatch} from '../../source/kinesis/producer.js';
import type {OutgoingRecord} from '../../source/model/record-limits.js';
import {type FaultStats, faultCount} from './fault-proxy.js';

/**
 * Records that say who they are, so a reader's haul can be checked against what was written: each
 * record's data is {"k": its partition key, "n": its place among that key's records}.
 */

/** How many records were written for each partition key (numbered 0 … count − 1). */
export type Written = Map<string, number>;

export type Delivered = {partitionKey: string; data: string};

export type Tally = {
	written: number;
	delivered: number;
	/** Written and never delivered. */
	lost: number;
	/** Delivered more than once (each extra copy counts one). */
	repeated: number;
	/** Delivered before a record of its key written earlier. */
	outOfOrder: number;
	/** What went wrong, for the failure message (the first few). */
	problems: string[];
};

const encoder = new TextEncoder();

/** Numbers records for a set of keys, in the order they are asked for. */
export function createNumbering(written: Written = new Map()) {
	return {
		written,
		next(key: string): OutgoingRecord {
			const n = written.get(key) ?? 0;
			written.set(key, n + 1);
			return {partitionKey: key, data: encoder.encode(JSON.stringify({k: key, n}))};
		},
	};
}

/**
 * Writes `count` records straight to the stream in PutRecords calls of 500, the keys taken in turn;
 * failed entries are sent again before the next call, so each key's order is the order written.
 */
export async function writeNumbered(
	client: KinesisClient,
	stream: string,
	numbering: ReturnType<typeof createNumbering>,
	{count, keys}: {count: number; keys: number},
): Promise<void> {
	let made = 0;
	for (let start = 0; start < count; start += 500) {
		let batch = Array.from({length: Math.min(500, count - start)}, () =>
			numbering.next(`key-${made++ % keys}`),
		);
		while (batch.length > 0) {
			const outcomes = await putRecordBatch(client, stream, batch);
			batch = batch.filter((_, index) => !outcomes[index]?.ok);
		}
	}
}

/** Each record once, each key's records in the order written: what was lost, repeated, out of order. */
export function tallyDelivery(delivered: readonly Delivered[], written: Written): Tally {
	const problems: string[] = [];
	const note = (problem: string) => {
		if (problems.length < 10) {
			problems.push(problem);
		}
	};
	const seen = new Map<string, Set<number>>();
	const last = new Map<string, number>();
	let repeated = 0;
	let outOfOrder = 0;
	for (const record of delivered) {
		let parsed: {k?: unknown; n?: unknown};
		try {
			parsed = JSON.parse(record.data) as {k?: unknown; n?: unknown};
		} catch {
			note(`a record that was never written: ${record.data.slice(0, 80)}`);
			continue;
		}
		const {k, n} = parsed;
		if (typeof k !== 'string' || typeof n !== 'number' || n >= (written.get(k) ?? 0)) {
			note(`a record that was never written: ${record.data.slice(0, 80)}`);
			continue;
		}
		if (k !== record.partitionKey) {
			note(`${k}#${n} came with partition key ${record.partitionKey}`);
		}
		const numbers = seen.get(k) ?? new Set<number>();
		seen.set(k, numbers);
		if (numbers.has(n)) {
			repeated++;
			note(`${k}#${n} delivered again`);
			continue;
		}
		numbers.add(n);
		if (n < (last.get(k) ?? -1)) {
			outOfOrder++;
			note(`${k}#${n} came after ${k}#${last.get(k)}`);
		}
		last.set(k, Math.max(n, last.get(k) ?? -1));
	}
	let lost = 0;
	let total = 0;
	for (const [key, count] of written) {
		total += count;
		const missing = count - (seen.get(key)?.size ?? 0);
		if (missing > 0) {
			lost += missing;
			note(`${key}: ${missing} of ${count} never delivered`);
		}
	}
	return {written: total, delivered: delivered.length, lost, repeated, outOfOrder, problems};
}

/**
 * Prints a suite's figures on one line (vitest shows it with the test), for the README to quote:
 * records, faults injected by kind, records lost, records repeated.
 */
export function printFigures(suite: string, tally: Tally, stats?: FaultStats): string {
	const kinds = stats
		? Object.entries(stats.faults)
				.filter(([kind]) => kind !== 'failEntries')
				.map(([kind, count]) => `${kind} ${count}`)
		: [];
	if (stats && stats.failedEntries > 0) {
		kinds.push(`failed PutRecords entries ${stats.failedEntries}`);
	}
	const faultText = stats
		? `faults injected ${faultCount(stats)} (${kinds.join(', ')}) in ${stats.requests} requests`
		: 'no faults';
	const line =
		`[reliability] ${suite}: records ${tally.written}, delivered ${tally.delivered}, ${faultText}, ` +
		`lost ${tally.lost}, repeated ${tally.repeated}, out of order ${tally.outOfOrder}`;
	console.log(line);
	return line;
}
