import {setMaxListeners} from 'node:events';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {
	describeError,
	type ErrorContext,
	isAbort,
	isFatal,
	isNotFound,
} from '../../kinesis/errors.js';
import {ensureConsumer, subscribeShard} from '../../kinesis/fan-out.js';
import type {StartingPosition} from '../../model/positions.js';
import {createPauseGate} from '../../lib/pause-gate.js';
import {backoffDelay, sleep} from '../../lib/rate-limiter.js';
import {type ReaderStatus, readShard, type ShardEnd} from '../../kinesis/reader.js';
import {DEFAULT_TIMING, type PollTiming, type ReaderState} from '../../model/poll-timing.js';
import {deaggregate} from '../../model/kpl.js';
import type {KinesisRecord, UserRecord} from '../../model/records.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {listShards} from '../../kinesis/shards.js';
import type {Shard} from '../../model/shard.js';
import {
	childrenIn,
	createTailSchedule,
	type ShardPhase,
	type TailScope,
} from '../../model/tail-schedule.js';
import {findSequenceShard} from './sequence-shard.js';
import {describeStreamSummary} from '../../kinesis/streams.js';

/**
 * A stream's tail: one shard or all of them, read in the order the tail schedule says (parents
 * before children), by polling or by enhanced fan-out; the shards listed now and then to find new
 * ones.
 */

export type TailTarget = {
	stream: string;
	/**
	 * One shard (and then its children), or undefined for every shard of the stream; a position at a
	 * sequence number without a shard tails the shard that holds it.
	 */
	shardId?: string;
	position: StartingPosition;
	/** Read by enhanced fan-out as this consumer (registered if it does not exist) instead of polling. */
	consumer?: string;
	/** The end of a window: each shard is read up to it, and the tail is done once every shard is. */
	until?: Date;
};

/** What to tail does not exist, or cannot be tailed so: the stream has no such shard. */
export class TailTargetError extends Error {
	override name = 'TailTargetError';
}

export type ShardReadState = ReaderState | 'waiting' | 'done';

export type ShardStatus = Omit<ReaderStatus, 'state'> & {
	state: ShardReadState;
	/** Records delivered from the shard (sub-records of aggregates counted one by one). */
	records: number;
};

export type TailerEvents = {
	/** Each shard's records in order; the shard's next read waits for the returned promise. */
	onRecords(records: UserRecord[]): void | Promise<void>;
	onShards?(shards: ReadonlyMap<string, ShardStatus>): void;
	/** Things worth telling: a consumer registered, a shard closed and its children taken up. */
	onNotice?(message: string): void;
	/** The tail registered this fan-out consumer: the explorer's own, until someone deregisters it. */
	onConsumerRegistered?(stream: string, name: string): void;
};

export type Tailer = {
	/**
	 * Resolves once stopped, or with a window's end once every shard is read to it; rejects when the
	 * tail cannot go on (stream gone, access denied …).
	 */
	done: Promise<void>;
	stop(): void;
	/** Holds every shard's reading where it is (nothing is lost); resume picks up from there. */
	pause(): void;
	resume(): void;
};

export type TailerOptions = {
	timing?: PollTiming;
	/** How often to list the shards: to find new ones, and shards closed under a subscription. */
	discoverMs?: number;
	errorContext?: ErrorContext;
	random?: () => number;
};

/** A shard's status until its reader says more. */
const NOT_STARTED: ShardStatus = {state: 'waiting', records: 0};

export function startTailer(
	client: KinesisClient,
	target: TailTarget,
	events: TailerEvents,
	options: TailerOptions = {},
): Tailer {
	const {stream} = target;
	const {timing = DEFAULT_TIMING, discoverMs = 10_000, random = Math.random} = options;
	const errorContext = {...options.errorContext, stream};
	const controller = new AbortController();
	const {signal} = controller;
	// Every shard's reader waits on this signal (its sleeps, its calls in flight): a stream of more
	// than a handful of shards passes Node's default of ten listeners without any leak.
	setMaxListeners(0, signal);
	/** The shards to read: a sequence number's shard is known only once it is found. */
	let scope: TailScope = {shardId: target.shardId, position: target.position};
	let schedule = createTailSchedule(scope);
	/** What each shard's reader last reported, and the records it delivered. */
	const statuses = new Map<string, ShardStatus>();
	let consumerArn: string | undefined;
	const gate = createPauseGate(signal);

	let settle: {resolve: () => void; reject: (error: unknown) => void} | undefined;
	const done = new Promise<void>((resolve, reject) => {
		settle = {resolve, reject};
	});
	const fail = (error: unknown) => {
		if (!signal.aborted) {
			controller.abort();
			settle?.reject(error);
		}
	};

	const statusOf = (shardId: string, phase: ShardPhase): ShardStatus =>
		statuses.get(shardId) ?? (phase === 'done' ? {state: 'done', records: 0} : NOT_STARTED);

	const emitShards = () => {
		events.onShards?.(
			new Map([...schedule.phases()].map(([id, phase]) => [id, statusOf(id, phase)])),
		);
	};

	/** A call the tail cannot do without (the first listing), retried while the failure may pass. */
	const persist = async <T>(call: () => Promise<T>): Promise<T> => {
		for (let attempt = 0; ; attempt++) {
			try {
				return await call();
			} catch (error) {
				if (isAbort(error, signal) || isFatal(error)) {
					throw error;
				}
				const wait = backoffDelay(attempt, {baseMs: 1000, maxMs: 30_000, random});
				events.onNotice?.(
					`${describeError(error, errorContext)} Retrying in ${Math.ceil(wait / 1000)} s.`,
				);
				await sleep(wait, signal);
			}
		}
	};

	/** A window's tail ends once every shard it knows is read to the window's end, or to its own. */
	const complete = () => {
		if (
			target.until !== undefined &&
			!signal.aborted &&
			[...schedule.phases().values()].every((phase) => phase === 'done')
		) {
			controller.abort();
			settle?.resolve();
		}
	};

	const startReady = () => {
		for (const {shardId, position} of schedule.startable()) {
			read(shardId, position);
		}
		emitShards();
		complete();
	};

	const read = (shardId: string, position: StartingPosition) => {
		const onRecords = async (records: KinesisRecord[]) => {
			const users = records.flatMap(deaggregate);
			const status = statuses.get(shardId) ?? NOT_STARTED;
			statuses.set(shardId, {...status, records: status.records + users.length});
			await events.onRecords(users);
		};
		const onStatus = (status: ReaderStatus) => {
			statuses.set(shardId, {...status, records: statuses.get(shardId)?.records ?? 0});
			emitShards();
		};
		const common = {
			client,
			stream,
			shardId,
			position,
			signal,
			onRecords,
			onStatus,
			gate: gate.wait,
			random,
			errorContext,
			until: target.until,
		};
		const reading: Promise<ShardEnd> = consumerArn
			? subscribeShard({...common, consumerArn, isClosed: () => schedule.isClosed(shardId)})
			: readShard({...common, timing});
		reading.then(
			(end) => finish(shardId, end).catch(fail),
			(error: unknown) => {
				if (!isAbort(error, signal)) {
					vanished(shardId, error).catch(fail);
				}
			},
		);
	};

	/** A shard that cannot be found: trimmed by retention if its stream is still there. */
	const vanished = async (shardId: string, error: unknown) => {
		if (!isNotFound(error)) {
			throw error;
		}
		try {
			await describeStreamSummary(client, stream, signal);
		} catch {
			throw error;
		}
		events.onNotice?.(
			`Shard ${sanitizeLine(shardId)} is no longer there (past the retention period).`,
		);
		await finish(shardId, {childShards: undefined});
	};

	/**
	 * The shard is read, and its children (if any) are known: only then is it done, as a tail in
	 * time order waits for what a shard closed a moment ago may hand over to its children.
	 */
	const markDone = (shardId: string) => {
		const status = statuses.get(shardId) ?? NOT_STARTED;
		statuses.set(shardId, {...status, state: 'done', millisBehindLatest: 0, problem: undefined});
	};

	const finish = async (shardId: string, end: ShardEnd) => {
		schedule.finish(shardId);
		// Still open at the window's end: whatever comes after it is not the window's.
		if (end.reachedUntil) {
			markDone(shardId);
			startReady();
			return;
		}
		// Engines like kinesalite (and any subscription) may not name the children: ListShards does.
		const children =
			end.childShards ??
			childrenIn(await persist(() => listShards(client, stream, {signal})), shardId);
		const fresh = children.filter((child) => !schedule.knows(child.shardId));
		if (schedule.needsParentsListed(fresh)) {
			await discover();
		}
		schedule.adopt(shardId, fresh);
		markDone(shardId);
		if (fresh.length > 0) {
			events.onNotice?.(
				`Shard ${sanitizeLine(shardId)} is closed and read to its end; going on with ${fresh
					.map((child) => sanitizeLine(child.shardId))
					.join(', ')}.`,
			);
		}
		startReady();
	};

	/** Lists the shards: new ones join an all-shard tail, closed ones end their subscriptions. */
	const discover = async () => {
		schedule.listed(await listShards(client, stream, {signal}));
		startReady();
	};

	const begin = (shards: Shard[]) => {
		if (!schedule.begin(shards)) {
			throw new TailTargetError(
				`Stream "${sanitizeLine(stream)}" has no shard "${sanitizeLine(scope.shardId ?? '')}". Its shards: ${shards
					.map((candidate) => sanitizeLine(candidate.shardId))
					.join(', ')}.`,
			);
		}
		startReady();
	};

	/** The shard that holds the sequence number the tail starts at, found among these shards. */
	const findShard = async (shards: Shard[], sequenceNumber: string) => {
		const shardId = await persist(() =>
			findSequenceShard(client, stream, sequenceNumber, {signal, shards}),
		);
		if (shardId === undefined) {
			throw new TailTargetError(
				`No shard of "${sanitizeLine(stream)}" holds the sequence number ${sequenceNumber} (a record past the retention period is gone).`,
			);
		}
		events.onNotice?.(
			`Sequence number ${sequenceNumber} is in shard ${sanitizeLine(shardId)}: tailing it, then its children.`,
		);
		scope = {shardId, position: scope.position};
		schedule = createTailSchedule(scope);
	};

	const run = async () => {
		let shards: Shard[] | undefined;
		const {position} = scope;
		if (scope.shardId === undefined && 'sequenceNumber' in position) {
			shards = await persist(() => listShards(client, stream, {signal}));
			await findShard(shards, position.sequenceNumber);
		}
		if (target.consumer !== undefined) {
			const consumer = await persist(() =>
				ensureConsumer(client, stream, target.consumer as string, {signal}),
			);
			consumerArn = consumer.arn;
			if (consumer.registered) {
				events.onConsumerRegistered?.(stream, consumer.name);
				events.onNotice?.(
					`Registered the fan-out consumer "${sanitizeLine(consumer.name)}"; it stays registered (on AWS it is billed by the shard hour until deregistered).`,
				);
			}
		}
		begin(shards ?? (await persist(() => listShards(client, stream, {signal}))));
		// A one-shard tail by polling learns of its children from the shard itself.
		if (scope.shardId !== undefined && consumerArn === undefined) {
			return;
		}
		for (;;) {
			await sleep(discoverMs, signal);
			try {
				await discover();
			} catch (error) {
				if (isAbort(error, signal) || isFatal(error)) {
					throw error;
				}
				// The next round will try again; the readers report their own trouble.
			}
		}
	};

	run().catch((error: unknown) => {
		if (!isAbort(error, signal)) {
			fail(error);
		}
	});

	return {
		done,
		stop() {
			if (!signal.aborted) {
				controller.abort();
				settle?.resolve();
			}
		},
		pause: gate.pause,
		resume: gate.resume,
	};
}
