import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {describeError, type ErrorContext} from '../../kinesis/errors.js';
import {decodePayload, payloadLabel} from '../../model/payload.js';
import {previewLine} from '../../format/preview.js';
import {sanitizeLine} from '../../format/sanitize.js';
import type {UserRecord} from '../../model/records.js';
import {createRing, type ReadonlyRing} from '../../lib/ring-buffer.js';
import {createStore, type ReadableStore} from '../../lib/store.js';
import type {Problem} from '../problem.js';
import {type ShardStatus, startTailer, type Tailer, type TailTarget} from './tailer.js';

/** A record as the tail pane shows it: decoded and made safe once, when it arrives. */
export type TailRecord = {
	/** Its place in the order of arrival, from 1: ids are consecutive. */
	id: number;
	shardId: string;
	sequenceNumber: string;
	subSequenceNumber?: number;
	partitionKey: string;
	explicitHashKey?: string;
	arrival: Date;
	data: Uint8Array;
	/** json, text, gz·json, bytes … */
	kind: string;
	/** One safe line. */
	preview: string;
	/** The partition key and the start of the data, for the filter. */
	searchText: string;
	warning?: string;
};

export type TailStatus = 'idle' | 'starting' | 'running' | 'paused' | 'failed';

export type TailSnapshot = {
	target?: TailTarget;
	status: TailStatus;
	/** The newest records, oldest first. The ring is written in place: `version` tells of a change. */
	records: ReadonlyRing<TailRecord>;
	version: number;
	/** Records received since the tail started, kept or not. */
	received: number;
	shards: ReadonlyMap<string, ShardStatus>;
	/** Records a second over the last RATE_SECONDS seconds, oldest first. */
	rates: readonly number[];
	problem?: Problem;
	notice?: string;
};

export type TailService = ReadableStore<TailSnapshot> & {
	start(target: TailTarget): void;
	/** Stops reading; the records stay on screen. */
	stop(): void;
	pause(): void;
	resume(): void;
};

export type TailServiceOptions = {
	/** Records kept (`--buffer`). */
	capacity?: number;
	/** Payload bytes kept: 10,000 records of up to 10 MiB each would not fit in memory. */
	maxBytes?: number;
	/** Arrivals are gathered and published together at most this often. */
	flushMs?: number;
	errorContext?: ErrorContext;
	/** A fan-out tail registered this consumer (the consumers service marks it as the explorer's). */
	onConsumerRegistered?: (stream: string, name: string) => void;
};

export const DEFAULT_BUFFER = 10_000;
const RATE_SECONDS = 30;
const PREVIEW_CHARS = 240;
const SEARCH_CHARS = 2000;
const NOTICE_MS = 10_000;

export function createTailService(
	client: KinesisClient,
	options: TailServiceOptions = {},
): TailService {
	const {
		capacity = DEFAULT_BUFFER,
		maxBytes = 64 * 1024 * 1024,
		flushMs = 75,
		errorContext = {},
	} = options;
	const ring = createRing<TailRecord>(capacity);
	let bytes = 0;
	let nextId = 1;
	const store = createStore<TailSnapshot>({
		status: 'idle',
		records: ring,
		version: 0,
		received: 0,
		shards: new Map(),
		rates: new Array<number>(RATE_SECONDS).fill(0),
	});
	let tailer: Tailer | undefined;
	/** Arrivals since the last flush, a list per shard, each in its shard's order. */
	let pending = new Map<string, TailRecord[]>();
	let pendingCount = 0;
	let pendingShards: ReadonlyMap<string, ShardStatus> | undefined;
	let flushTimer: NodeJS.Timeout | undefined;
	let rateTimer: NodeJS.Timeout | undefined;
	let noticeTimer: NodeJS.Timeout | undefined;
	let rateSecond = 0;
	let rateCounts: number[] = new Array<number>(RATE_SECONDS).fill(0);

	/** Moves the rate window on to the current second. */
	const advanceRates = (now: number) => {
		const second = Math.floor(now / 1000);
		const steps = Math.min(RATE_SECONDS, second - rateSecond);
		if (steps > 0) {
			rateCounts = [...rateCounts.slice(steps), ...new Array<number>(steps).fill(0)];
			rateSecond = second;
		}
	};

	const flush = () => {
		flushTimer = undefined;
		// Paused, the records on screen hold still: what a call already on its way brought waits for
		// the resume (unless there is more than the ring holds).
		if (store.getSnapshot().status === 'paused' && pendingCount <= capacity) {
			return;
		}
		const arrived = mergeByArrival([...pending.values()]);
		const count = pendingCount;
		pending = new Map();
		pendingCount = 0;
		// The oldest of a burst larger than the ring would be evicted at once: they are counted, not kept.
		for (const record of arrived.slice(-capacity)) {
			record.id = nextId++;
			const evicted = ring.push(record);
			bytes += record.data.length;
			if (evicted) {
				bytes -= evicted.data.length;
			}
		}
		while (bytes > maxBytes && ring.size > 1) {
			bytes -= ring.shift()?.data.length ?? 0;
		}
		advanceRates(Date.now());
		rateCounts[RATE_SECONDS - 1] = (rateCounts[RATE_SECONDS - 1] ?? 0) + count;
		const shards = pendingShards;
		pendingShards = undefined;
		store.set((snapshot) => ({
			...snapshot,
			version: snapshot.version + (arrived.length > 0 ? 1 : 0),
			received: snapshot.received + count,
			shards: shards ?? snapshot.shards,
			rates: [...rateCounts],
		}));
	};

	const scheduleFlush = () => {
		flushTimer ??= setTimeout(flush, flushMs);
	};

	const halt = () => {
		tailer?.stop();
		tailer = undefined;
		clearTimeout(flushTimer);
		flushTimer = undefined;
		clearInterval(rateTimer);
		rateTimer = undefined;
		clearTimeout(noticeTimer);
	};

	return {
		subscribe: store.subscribe,
		getSnapshot: store.getSnapshot,
		start(target) {
			halt();
			ring.clear();
			bytes = 0;
			pending = new Map();
			pendingCount = 0;
			pendingShards = undefined;
			rateCounts = new Array<number>(RATE_SECONDS).fill(0);
			rateSecond = Math.floor(Date.now() / 1000);
			store.set((snapshot) => ({
				target,
				status: 'starting',
				records: ring,
				version: snapshot.version + 1,
				received: 0,
				shards: new Map(),
				rates: [...rateCounts],
			}));
			const current = startTailer(
				client,
				target,
				{
					onRecords(records) {
						for (const record of records) {
							const decoded = toTailRecord(record, 0);
							const list = pending.get(decoded.shardId);
							if (list) {
								list.push(decoded);
							} else {
								pending.set(decoded.shardId, [decoded]);
							}
						}
						pendingCount += records.length;
						if (store.getSnapshot().status === 'starting') {
							store.set((snapshot) => ({...snapshot, status: 'running'}));
						}
						// A catch-up burst is published at once rather than held: memory stays bounded.
						if (pendingCount > capacity) {
							clearTimeout(flushTimer);
							flush();
						} else {
							scheduleFlush();
						}
					},
					onShards(shards) {
						pendingShards = shards;
						if (store.getSnapshot().status === 'starting') {
							store.set((snapshot) => ({...snapshot, status: 'running'}));
						}
						scheduleFlush();
					},
					onConsumerRegistered: options.onConsumerRegistered,
					onNotice(message) {
						store.set((snapshot) => ({...snapshot, notice: message}));
						// A notice tells of a moment (a shard handed over to its children); it then gives way.
						clearTimeout(noticeTimer);
						noticeTimer = setTimeout(() => {
							store.set((snapshot) =>
								snapshot.notice === message ? {...snapshot, notice: undefined} : snapshot,
							);
						}, NOTICE_MS);
					},
				},
				{errorContext},
			);
			tailer = current;
			// The sparkline moves on each second even when nothing arrives.
			rateTimer = setInterval(() => {
				advanceRates(Date.now());
				store.set((snapshot) => ({...snapshot, rates: [...rateCounts]}));
			}, 1000);
			current.done.then(
				() => undefined,
				(error: unknown) => {
					if (tailer !== current) {
						return;
					}
					flush();
					halt();
					store.set((snapshot) => ({
						...snapshot,
						status: 'failed',
						problem: {message: describeError(error, {...errorContext, stream: target.stream})},
					}));
				},
			);
		},
		stop() {
			if (tailer) {
				flush();
			}
			halt();
			store.set((snapshot) =>
				snapshot.status === 'idle' || snapshot.status === 'failed'
					? snapshot
					: {...snapshot, status: 'idle'},
			);
		},
		pause() {
			if (tailer && store.getSnapshot().status !== 'failed') {
				tailer.pause();
				store.set((snapshot) => ({...snapshot, status: 'paused'}));
			}
		},
		resume() {
			if (tailer && store.getSnapshot().status === 'paused') {
				tailer.resume();
				store.set((snapshot) => ({...snapshot, status: 'running'}));
				scheduleFlush();
			}
		},
	};
}

/** The one place a record is decoded and made safe for the screen. */
export function toTailRecord(record: UserRecord, id: number): TailRecord {
	const payload = decodePayload(record.data);
	const partitionKey = sanitizeLine(record.partitionKey);
	const preview = previewLine(payload, PREVIEW_CHARS);
	const text = payload.kind === 'binary' ? preview : payload.text.slice(0, SEARCH_CHARS);
	return {
		id,
		shardId: sanitizeLine(record.shardId),
		sequenceNumber: record.sequenceNumber,
		subSequenceNumber: record.subSequenceNumber,
		partitionKey,
		explicitHashKey: record.explicitHashKey,
		arrival: record.approximateArrivalTimestamp,
		data: record.data,
		kind: payloadLabel(payload),
		preview,
		searchText: `${record.partitionKey}\n${text}`,
		warning: record.warning,
	};
}

/**
 * One list of the shards' lists, by arrival time: each shard's records keep their own order (the
 * order that matters, per partition key) and the shards interleave as their records arrived.
 */
export function mergeByArrival(lists: readonly TailRecord[][]): TailRecord[] {
	if (lists.length <= 1) {
		return lists[0] ?? [];
	}
	const heads = lists.map(() => 0);
	const merged: TailRecord[] = [];
	for (;;) {
		let pick = -1;
		let earliest = Number.POSITIVE_INFINITY;
		for (const [index, list] of lists.entries()) {
			const time = list[heads[index] as number]?.arrival.getTime();
			if (time !== undefined && time < earliest) {
				earliest = time;
				pick = index;
			}
		}
		if (pick < 0) {
			return merged;
		}
		merged.push((lists[pick] as TailRecord[])[heads[pick] as number] as TailRecord);
		heads[pick] = (heads[pick] as number) + 1;
	}
}
