import {setMaxListeners} from 'node:events';
import type {KinesisClient} from '@aws-sdk/client-kinesis';
import {describeError, type ErrorContext, isNotFound} from '../../kinesis/errors.js';
import {ensureConsumer, subscribeShard} from '../../kinesis/fan-out.js';
import {type StartingPosition, startsInOneShard} from '../../model/positions.js';
import {backoffDelay, sleep} from '../../lib/rate-limiter.js';
import {
	type ChildShard,
	type ReaderStatus,
	readShard,
	type ShardEnd,
} from '../../kinesis/reader.js';
import {DEFAULT_TIMING, type PollTiming, type ReaderState} from '../../model/poll-timing.js';
import {isAbort, isFatal} from '../../kinesis/errors.js';
import {deaggregate} from '../../model/kpl.js';
import type {KinesisRecord, UserRecord} from '../../model/records.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {listShards} from '../../kinesis/shards.js';
import type {Shard} from '../../model/shard.js';
import {describeStreamSummary} from '../../kinesis/streams.js';

/**
 * A stream's tail: one shard or all of them, each read from its starting position to its end and
 * then on with its children, a child only once every parent it has is read to its end, so that the
 * records of a partition key come in the order they were written across splits and merges.
 */

export type TailTarget = {
	stream: string;
	/** One shard (and then its children), or undefined for every shard of the stream. */
	shardId?: string;
	position: StartingPosition;
} & (
	| {
			/** Read by enhanced fan-out as this consumer (registered if it does not exist) instead of polling. */
			consumer?: string;
			until?: undefined;
	  }
	| {
			consumer?: undefined;
			/**
			 * The end of a window: each shard is read up to it, and the tail is done once every shard
			 * is. Found by polling, which knows when each call was sent (a subscription pushes).
			 */
			until?: Date;
	  }
);

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

type Entry = {
	parents: string[];
	position: StartingPosition;
	/** The shard was closed already when the tail first saw it. */
	closedAtStart: boolean;
	started: boolean;
	status: ShardStatus;
};

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
	const known = new Map<string, Entry>();
	/** Shards that ListShards says are closed: a subscription may not say so itself. */
	const closed = new Set<string>();
	let consumerArn: string | undefined;
	let paused = false;
	let resumers: Array<() => void> = [];

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

	const gate = (): Promise<void> => {
		if (!paused || signal.aborted) {
			return signal.aborted ? Promise.reject(signal.reason) : Promise.resolve();
		}
		return new Promise((resolve, reject) => {
			const onAbort = () => reject(signal.reason);
			signal.addEventListener('abort', onAbort, {once: true});
			resumers.push(() => {
				signal.removeEventListener('abort', onAbort);
				resolve();
			});
		});
	};

	const emitShards = () => {
		events.onShards?.(new Map([...known].map(([id, entry]) => [id, entry.status])));
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

	const add = (
		shardId: string,
		parents: string[],
		position: StartingPosition,
		closedAtStart: boolean,
	) => {
		known.set(shardId, {
			parents,
			position,
			closedAtStart,
			started: false,
			status: {state: 'waiting', records: 0},
		});
	};

	const isDone = (shardId: string) => known.get(shardId)?.status.state === 'done';

	/** A window's tail ends once every shard it knows is read to the window's end, or to its own. */
	const complete = () => {
		if (
			target.until !== undefined &&
			!signal.aborted &&
			[...known.keys()].every((shardId) => isDone(shardId))
		) {
			controller.abort();
			settle?.resolve();
		}
	};

	const schedule = () => {
		for (const [shardId, entry] of known) {
			// A parent the tail does not know (trimmed by retention, or outside a one-shard tail)
			// holds nothing back.
			if (
				!entry.started &&
				!isDone(shardId) &&
				entry.parents.every((id) => !known.has(id) || isDone(id))
			) {
				entry.started = true;
				read(shardId, entry);
			}
		}
		emitShards();
		complete();
	};

	const read = (shardId: string, entry: Entry) => {
		const onRecords = async (records: KinesisRecord[]) => {
			const users = records.flatMap(deaggregate);
			entry.status = {...entry.status, records: entry.status.records + users.length};
			await events.onRecords(users);
		};
		const onStatus = (status: ReaderStatus) => {
			entry.status = {...status, records: entry.status.records};
			emitShards();
		};
		const common = {
			client,
			stream,
			shardId,
			position: entry.position,
			signal,
			onRecords,
			onStatus,
			gate,
			random,
			errorContext,
		};
		const reading: Promise<ShardEnd> = consumerArn
			? subscribeShard({...common, consumerArn, isClosed: () => closed.has(shardId)})
			: readShard({...common, timing, until: target.until});
		reading.then(
			(end) => finish(shardId, entry, end).catch(fail),
			(error: unknown) => {
				if (!isAbort(error, signal)) {
					vanished(shardId, entry, error).catch(fail);
				}
			},
		);
	};

	/** A shard that cannot be found: trimmed by retention if its stream is still there. */
	const vanished = async (shardId: string, entry: Entry, error: unknown) => {
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
		await finish(shardId, entry, {childShards: undefined});
	};

	const finish = async (shardId: string, entry: Entry, end: ShardEnd) => {
		entry.status = {...entry.status, state: 'done', millisBehindLatest: 0, problem: undefined};
		// Still open at the window's end: whatever comes after it is not the window's.
		if (end.reachedUntil) {
			schedule();
			return;
		}
		let children: ChildShard[] | undefined = end.childShards;
		if (children === undefined) {
			// Engines like kinesalite (and any subscription) may not name the children: ListShards does.
			const shards = await persist(() => listShards(client, stream, {signal}));
			children = shards
				.filter(
					(shard) => shard.parentShardId === shardId || shard.adjacentParentShardId === shardId,
				)
				.map((shard) => ({shardId: shard.shardId, parentShardIds: parentsOf(shard)}));
		}
		const fresh = children.filter((child) => !known.has(child.shardId));
		// Before the tail waits on a parent of a child, it should know every parent there is.
		if (
			target.shardId === undefined &&
			fresh.some((child) => child.parentShardIds.some((id) => !known.has(id)))
		) {
			await discover();
		}
		for (const child of fresh) {
			if (!known.has(child.shardId)) {
				add(child.shardId, child.parentShardIds, childPosition(entry), false);
			}
		}
		if (fresh.length > 0) {
			events.onNotice?.(
				`Shard ${sanitizeLine(shardId)} is closed and read to its end; going on with ${fresh
					.map((child) => sanitizeLine(child.shardId))
					.join(', ')}.`,
			);
		}
		schedule();
	};

	/** Where a child starts: where its parents left off, which is its beginning, unless … */
	const childPosition = (parent: Entry): StartingPosition => {
		if (parent.position.type === 'AT_TIMESTAMP') {
			return parent.position;
		}
		// … the parent was closed before the tail began: a LATEST tail wants what comes next.
		if (parent.position.type === 'LATEST' && parent.closedAtStart) {
			return parent.position;
		}
		return {type: 'TRIM_HORIZON'};
	};

	/** Lists the shards: new ones join an all-shard tail, closed ones end their subscriptions. */
	const discover = async (listing?: Shard[]) => {
		const shards = listing ?? (await listShards(client, stream, {signal}));
		for (const shard of shards) {
			if (shard.sequenceNumberRange.end !== undefined) {
				closed.add(shard.shardId);
			}
			if (target.shardId === undefined && !known.has(shard.shardId)) {
				const position: StartingPosition =
					target.position.type === 'AT_TIMESTAMP' ? target.position : {type: 'TRIM_HORIZON'};
				add(shard.shardId, parentsOf(shard), position, false);
			}
		}
		schedule();
	};

	const begin = async (shards: Shard[]) => {
		if (target.shardId !== undefined) {
			const shard = shards.find((candidate) => candidate.shardId === target.shardId);
			if (!shard) {
				throw new TailTargetError(
					`Stream "${sanitizeLine(stream)}" has no shard "${sanitizeLine(target.shardId)}". Its shards: ${shards
						.map((candidate) => sanitizeLine(candidate.shardId))
						.join(', ')}.`,
				);
			}
			add(shard.shardId, [], target.position, shard.sequenceNumberRange.end !== undefined);
		} else {
			for (const shard of shards) {
				const isClosed = shard.sequenceNumberRange.end !== undefined;
				add(shard.shardId, parentsOf(shard), target.position, isClosed);
				// Nothing comes after LATEST in a shard that is closed already.
				if (isClosed && target.position.type === 'LATEST') {
					const entry = known.get(shard.shardId) as Entry;
					entry.status = {state: 'done', records: 0};
				}
			}
		}
		await discover(shards);
	};

	const run = async () => {
		if (target.shardId === undefined && startsInOneShard(target.position.type)) {
			throw new TailTargetError(
				'A sequence number belongs to one shard: name it with --shard <id> (or choose the shard).',
			);
		}
		if (target.consumer !== undefined) {
			const consumer = await persist(() =>
				ensureConsumer(client, stream, target.consumer as string, {signal}),
			);
			consumerArn = consumer.arn;
			if (consumer.registered) {
				events.onNotice?.(
					`Registered the fan-out consumer "${sanitizeLine(consumer.name)}"; it stays registered (on AWS it is billed by the shard hour until deregistered).`,
				);
			}
		}
		await begin(await persist(() => listShards(client, stream, {signal})));
		// A one-shard tail by polling learns of its children from the shard itself.
		if (target.shardId !== undefined && consumerArn === undefined) {
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
		pause() {
			paused = true;
		},
		resume() {
			paused = false;
			const waiting = resumers;
			resumers = [];
			for (const resume of waiting) {
				resume();
			}
		},
	};
}

function parentsOf(shard: Shard): string[] {
	return [shard.parentShardId, shard.adjacentParentShardId].filter(
		(id): id is string => id !== undefined,
	);
}
