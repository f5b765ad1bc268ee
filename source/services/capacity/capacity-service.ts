import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {describeError, type ErrorContext, isAbort} from '../../kinesis/errors.js';
import {listShards} from '../../kinesis/shards.js';
import {describeStreamSummary} from '../../kinesis/streams.js';
import {createStore, type ReadableStore} from '../../lib/store.js';
import {type CapacityReport, capacityReport} from '../../model/capacity.js';
import {createCapacityTally} from '../../model/capacity-tally.js';
import type {PollTiming} from '../../model/poll-timing.js';
import type {Problem} from '../problem.js';
import {type TailService, userRecordOf} from '../tail/tail-service.js';
import {type CapacityProgress, readCapacity} from './capacity-read.js';

/** The window read when none is given: long enough to see a pattern, short enough to read quickly. */
export const DEFAULT_WINDOW_MS = 5 * 60_000;

/** What to measure: a window read from the stream (by default the last 5 minutes), or the tail's records. */
export type CapacitySource = {kind: 'window'; from?: Date; until?: Date} | {kind: 'tail'};

export type CapacityStatus = 'idle' | 'reading' | 'done' | 'failed';

export type CapacitySnapshot = {
	stream?: string;
	status: CapacityStatus;
	source?: CapacitySource['kind'];
	/** What the read has cost so far; for the tail's records, what the tail's reading cost. */
	progress: CapacityProgress;
	report?: CapacityReport;
	problem?: Problem;
};

/**
 * The selected stream's capacity, measured when asked (a read costs GetRecords calls that the
 * stream's consumers share): a window of the stream read politely, or the records the tail holds.
 */
export type CapacityService = ReadableStore<CapacitySnapshot> & {
	start(): void;
	/** Abandons a read in flight; nothing is measured until the next start. */
	stop(): void;
	/** Another stream (or none): a read of the last one is abandoned, its report cleared. */
	select(stream: string | undefined): void;
	/** Measures the selected stream now, in place of any read in flight. */
	measure(source?: CapacitySource): void;
};

export type CapacityServiceOptions = {
	/** Where `{kind: 'tail'}` takes its records from. */
	tail?: TailService;
	timing?: PollTiming;
	errorContext?: ErrorContext;
};

const NO_PROGRESS: CapacityProgress = {records: 0, calls: 0, fraction: 0};

export function createCapacityService(
	client: KinesisClient,
	options: CapacityServiceOptions = {},
): CapacityService {
	const {errorContext = {}} = options;
	const store = createStore<CapacitySnapshot>({status: 'idle', progress: NO_PROGRESS});
	let running = false;
	let reading: AbortController | undefined;

	const abandon = () => {
		reading?.abort();
		reading = undefined;
	};

	const measure = async (stream: string, source: CapacitySource, signal: AbortSignal) => {
		/** Changes for this read only: a read abandoned for another leaves the store alone. */
		const update = (changes: Partial<CapacitySnapshot>) => {
			if (!signal.aborted) {
				store.set((snapshot) => ({...snapshot, ...changes}));
			}
		};
		try {
			if (source.kind === 'tail') {
				update(await fromTail(stream, signal));
				return;
			}
			const until = source.until ?? new Date();
			const from = source.from ?? new Date(until.getTime() - DEFAULT_WINDOW_MS);
			const read = await readCapacity(client, stream, {
				from,
				until,
				signal,
				timing: options.timing,
				errorContext,
				onProgress: (progress) => update({progress}),
			});
			update({
				status: 'done',
				report: read.report,
				progress: {records: read.report.records, calls: read.calls, fraction: 1},
			});
		} catch (error) {
			if (!isAbort(error, signal)) {
				update({
					status: 'failed',
					problem: {message: describeError(error, {...errorContext, stream})},
				});
			}
		}
	};

	/** The tail's records, from the oldest it holds to the newest, as a window of their own. */
	const fromTail = async (
		stream: string,
		signal: AbortSignal,
	): Promise<Partial<CapacitySnapshot>> => {
		const tail = options.tail?.getSnapshot();
		if (!tail || tail.target?.stream !== stream || tail.records.size === 0) {
			return {
				status: 'failed',
				problem: {
					message: `No records of ${stream} in the tail: tail the stream first, or read a window.`,
				},
			};
		}
		// The tail keeps partition keys made safe for the screen: a key with control characters hashes
		// otherwise than it was written, and its records count as unplaced rather than misplaced.
		const records = tail.records.slice(0, tail.records.size).map(userRecordOf);
		const tally = createCapacityTally();
		tally.add(records);
		let first = Number.POSITIVE_INFINITY;
		let last = Number.NEGATIVE_INFINITY;
		for (const record of records) {
			const arrival = record.approximateArrivalTimestamp.getTime();
			first = Math.min(first, arrival);
			last = Math.max(last, arrival);
		}
		const [summary, shards] = await Promise.all([
			describeStreamSummary(client, stream, signal),
			listShards(client, stream, {signal}),
		]);
		const calls = [...tail.shards.values()].reduce((sum, status) => sum + (status.calls ?? 0), 0);
		return {
			status: 'done',
			report: capacityReport({
				tally,
				shards,
				from: new Date(first),
				until: new Date(last),
				onDemand: summary.mode === 'ON_DEMAND',
			}),
			progress: {records: tally.records, calls, fraction: 1},
		};
	};

	return {
		subscribe: store.subscribe,
		getSnapshot: store.getSnapshot,
		start() {
			running = true;
		},
		stop() {
			running = false;
			abandon();
			store.set((snapshot) =>
				snapshot.status === 'reading' ? {...snapshot, status: 'idle'} : snapshot,
			);
		},
		select(stream) {
			if (stream === store.getSnapshot().stream) {
				return;
			}
			abandon();
			store.set({stream, status: 'idle', progress: NO_PROGRESS});
		},
		measure(source = {kind: 'window'}) {
			const {stream} = store.getSnapshot();
			if (!running || stream === undefined) {
				return;
			}
			abandon();
			const controller = new AbortController();
			reading = controller;
			store.set({stream, status: 'reading', source: source.kind, progress: NO_PROGRESS});
			void measure(stream, source, controller.signal);
		},
	};
}
