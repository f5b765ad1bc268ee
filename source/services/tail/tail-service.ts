import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {describeError, type ErrorContext} from '../../kinesis/errors.js';
import {decodePayload, payloadLabel} from '../../model/payload.js';
import {previewLine} from '../../format/preview.js';
import {sanitizeLine} from '../../format/sanitize.js';
import type {UserRecord} from '../../model/records.js';
import {DEFAULT_STALL_MS} from '../../model/arrival-order.js';
import {createRing, type ReadonlyRing} from '../../lib/ring-buffer.js';
import {createStore, type ReadableStore} from '../../lib/store.js';
import type {Problem} from '../problem.js';
import {type ShardStatus, startTailer, type Tailer, type TailTarget} from './tailer.js';
import {createTimeOrder, passedOverNotice} from './time-order.js';

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
	/** Records listed since the tail started, kept or not. */
	received: number;
	/**
	 * Records read and held back, in a tail of several shards, until the shard they wait for is read
	 * as far in time: told once the oldest of them has waited HOLD_TOLD_MS.
	 */
	holding?: {records: number; shardId: string};
	/** Records listed after newer ones: brought by a shard after the tail had stopped waiting for it. */
	late?: number;
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
	/**
	 * How long a shard that holds the others back (the records are listed in the order they arrived)
	 * may go without an answer before they stop waiting for it.
	 */
	stallMs?: number;
	errorContext?: ErrorContext;
	/** A fan-out tail registered this consumer (the consumers service marks it as the explorer's). */
	onConsumerRegistered?: (stream: string, name: string) => void;
};

export const DEFAULT_BUFFER = 10_000;
/** Records held back for a slower shard are told of once the oldest has waited this long. */
export const HOLD_TOLD_MS = 2000;
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
		stallMs = DEFAULT_STALL_MS,
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
	/**
	 * The records read and not listed yet: each waits until every shard is read as far in time. No
	 * more is held than the ring keeps: a shard read ahead of the others waits for them.
	 */
	const inTimeOrder = () =>
		createTimeOrder<TailRecord>({
			arrivalOf: (record) => record.arrival.getTime(),
			sizeOf: (record) => record.data.length,
			bound: {records: capacity, bytes: maxBytes},
			stallMs,
		});
	let order = inTimeOrder();
	/** Records read since the last flush, for the rate. */
	let arrived = 0;
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
		// Paused, the records on screen hold still: what a call already on its way brought is held
		// until the resume (the readers wait at the pause, and for room).
		if (store.getSnapshot().status === 'paused') {
			return;
		}
		const now = Date.now();
		const released = order.release(now);
		for (const shardId of released.passedOver) {
			notify(passedOverNotice(shardId, stallMs));
		}
		list(released.records);
		const count = arrived;
		arrived = 0;
		advanceRates(now);
		rateCounts[RATE_SECONDS - 1] = (rateCounts[RATE_SECONDS - 1] ?? 0) + count;
		const shards = pendingShards;
		pendingShards = undefined;
		const holdout = order.holdout();
		store.set((snapshot) => ({
			...snapshot,
			version: snapshot.version + (released.records.length > 0 ? 1 : 0),
			received: snapshot.received + released.records.length,
			holding:
				holdout && now - holdout.since >= HOLD_TOLD_MS
					? {records: holdout.records, shardId: holdout.shardId}
					: undefined,
			late: order.late > 0 ? order.late : undefined,
			shards: shards ?? snapshot.shards,
			rates: [...rateCounts],
		}));
	};

	/** Records into the ring, in the order given. */
	const list = (records: readonly TailRecord[]) => {
		// The oldest of a burst larger than the ring would be evicted at once: they are counted, not kept.
		for (const record of records.slice(-capacity)) {
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
	};

	/** Everything held goes into the ring: the tail stops, nothing more comes to wait for. */
	const listHeld = () => {
		const records = order.drain();
		list(records);
		store.set((snapshot) => ({
			...snapshot,
			version: snapshot.version + (records.length > 0 ? 1 : 0),
			received: snapshot.received + records.length,
			holding: undefined,
		}));
	};

	const notify = (message: string) => {
		store.set((snapshot) => ({...snapshot, notice: message}));
		// A notice tells of a moment (a shard handed over to its children); it then gives way.
		clearTimeout(noticeTimer);
		noticeTimer = setTimeout(() => {
			store.set((snapshot) =>
				snapshot.notice === message ? {...snapshot, notice: undefined} : snapshot,
			);
		}, NOTICE_MS);
	};

	const scheduleFlush = () => {
		flushTimer ??= setTimeout(flush, flushMs);
	};

	const halt = () => {
		tailer?.stop();
		tailer = undefined;
		// The readers held for room see that the tail has stopped.
		order.stop();
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
			order = inTimeOrder();
			arrived = 0;
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
						const shardId = records[0]?.shardId;
						if (shardId === undefined) {
							return;
						}
						order.add(
							shardId,
							records.map((record) => toTailRecord(record, 0)),
							Date.now(),
						);
						arrived += records.length;
						if (store.getSnapshot().status === 'starting') {
							store.set((snapshot) => ({...snapshot, status: 'running'}));
						}
						if (order.mayBring(shardId)) {
							scheduleFlush();
							return;
						}
						// As much as the ring holds is waiting: what may be listed is, at once, and this shard's
						// reader, ahead of the others, waits for them before it brings more.
						clearTimeout(flushTimer);
						flush();
						return order.room(shardId);
					},
					onShards(shards) {
						order.progress(shards, Date.now());
						pendingShards = shards;
						if (store.getSnapshot().status === 'starting') {
							store.set((snapshot) => ({...snapshot, status: 'running'}));
						}
						scheduleFlush();
					},
					onConsumerRegistered: options.onConsumerRegistered,
					onNotice: notify,
				},
				{errorContext},
			);
			tailer = current;
			// The sparkline moves on each second even when nothing arrives; records held for a shard
			// that has gone quiet are looked at again (it may be time to stop waiting for it).
			rateTimer = setInterval(() => {
				advanceRates(Date.now());
				store.set((snapshot) => ({...snapshot, rates: [...rateCounts]}));
				if (order.held > 0) {
					scheduleFlush();
				}
			}, 1000);
			current.done.then(
				() => undefined,
				(error: unknown) => {
					if (tailer !== current) {
						return;
					}
					flush();
					listHeld();
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
				listHeld();
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
				order.resumed(Date.now());
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
 * A record of the tail as `tail --json` and the capacity tally have it: its fields but those made for
 * the screen. Its partition key and shard id are the safe forms the tail keeps.
 */
export function userRecordOf(record: TailRecord): UserRecord {
	return {
		shardId: record.shardId,
		sequenceNumber: record.sequenceNumber,
		subSequenceNumber: record.subSequenceNumber,
		partitionKey: record.partitionKey,
		explicitHashKey: record.explicitHashKey,
		approximateArrivalTimestamp: record.arrival,
		data: record.data,
	};
}
