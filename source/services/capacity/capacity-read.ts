import type {KinesisClient} from '@aws-sdk/client-kinesis';
import type {ErrorContext} from '../../kinesis/errors.js';
import {listShards} from '../../kinesis/shards.js';
import {describeStreamSummary} from '../../kinesis/streams.js';
import {type CapacityReport, capacityReport} from '../../model/capacity.js';
import {createCapacityTally} from '../../model/capacity-tally.js';
import type {PollTiming} from '../../model/poll-timing.js';
import type {StreamSummary} from '../../model/stream.js';
import {type ShardStatus, startTailer} from '../tail/tailer.js';

/**
 * A stream's capacity over a window, read from AT_TIMESTAMP at its start to its end: every shard of
 * the window, children after their parents, each shard polled as the tail polls it (never more than
 * 4 GetRecords a second, caught-up shards done), and nothing past the window's end.
 */

/** The window starts before the stream's retention period: its records from then are gone. */
export class CapacityWindowError extends Error {
	override name = 'CapacityWindowError';
}

export type CapacityProgress = {
	/** Kinesis records read (a KPL aggregate counts once). */
	records: number;
	/** GetRecords calls made. */
	calls: number;
	/** How much of the window is read, 0 … 1: each shard's part by the time its records reached. */
	fraction: number;
};

export type CapacityRead = {
	report: CapacityReport;
	summary: StreamSummary;
	calls: number;
};

export type ReadCapacityOptions = {
	from: Date;
	until: Date;
	signal?: AbortSignal;
	onProgress?: (progress: CapacityProgress) => void;
	/** Things worth telling: a shard closed and its children taken up, a retry. */
	onNotice?: (message: string) => void;
	timing?: PollTiming;
	errorContext?: ErrorContext;
};

export async function readCapacity(
	client: KinesisClient,
	stream: string,
	options: ReadCapacityOptions,
): Promise<CapacityRead> {
	const {from, until, signal, onProgress} = options;
	const summary = await describeStreamSummary(client, stream, signal);
	checkRetention(summary, from, until);
	const tally = createCapacityTally();
	const reached = new Map<string, number>();
	let shards: ReadonlyMap<string, ShardStatus> = new Map();
	const span = Math.max(1, until.getTime() - from.getTime());
	const progress = (): CapacityProgress => {
		const parts = [...shards].map(([shardId, status]) =>
			status.state === 'done'
				? 1
				: Math.min(
						1,
						Math.max(0, ((reached.get(shardId) ?? from.getTime()) - from.getTime()) / span),
					),
		);
		return {
			records: tally.records,
			calls: callsOf(shards),
			fraction: parts.length === 0 ? 0 : parts.reduce((sum, part) => sum + part, 0) / parts.length,
		};
	};
	const tailer = startTailer(
		client,
		{stream, position: {type: 'AT_TIMESTAMP', timestamp: from}, until},
		{
			onRecords(records) {
				tally.add(records);
				const last = records.at(-1);
				if (last) {
					reached.set(last.shardId, last.approximateArrivalTimestamp.getTime());
				}
				onProgress?.(progress());
			},
			onShards(next) {
				shards = next;
				onProgress?.(progress());
			},
			onNotice: options.onNotice,
		},
		{timing: options.timing, errorContext: options.errorContext},
	);
	const stop = () => tailer.stop();
	signal?.addEventListener('abort', stop, {once: true});
	try {
		await tailer.done;
	} finally {
		signal?.removeEventListener('abort', stop);
	}
	signal?.throwIfAborted();
	// The shards as they are once read: any that opened during the read has its range.
	const listing = await listShards(client, stream, {signal});
	return {
		report: capacityReport({
			tally,
			shards: listing,
			from,
			until,
			onDemand: summary.mode === 'ON_DEMAND',
		}),
		summary,
		calls: callsOf(shards),
	};
}

function checkRetention(summary: StreamSummary, from: Date, until: Date) {
	if (from >= until) {
		throw new CapacityWindowError(
			`The window starts (${from.toISOString()}) at or after its end (${until.toISOString()}).`,
		);
	}
	const hours = summary.retentionHours;
	if (hours !== undefined && from.getTime() < until.getTime() - hours * 3_600_000) {
		throw new CapacityWindowError(
			`${from.toISOString()} is beyond the stream's retention period (${hours} hours): its records from then are gone. Start the window later.`,
		);
	}
}

function callsOf(shards: ReadonlyMap<string, ShardStatus>): number {
	let calls = 0;
	for (const status of shards.values()) {
		calls += status.calls ?? 0;
	}
	return calls;
}
