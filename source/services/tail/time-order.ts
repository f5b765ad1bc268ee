import {
	type ArrivalOrder,
	type ArrivalOrderOptions,
	createArrivalOrder,
	DEFAULT_STALL_MS,
	type HoldBound,
	type ShardProgress,
} from '../../model/arrival-order.js';
import {sanitizeLine} from '../../format/sanitize.js';
import type {ShardStatus} from './tailer.js';

/**
 * The records of a tail's shards in the order they arrived, for the tail pane and the tail command:
 * the rules of model/arrival-order.ts fed with what the readers bring and say, and the readers of
 * shards read ahead of the others held back until there is room.
 */
export type TimeOrder<T> = Pick<
	ArrivalOrder<T>,
	'add' | 'drain' | 'resumed' | 'holdout' | 'held' | 'late'
> & {
	/** What the tailer says of its shards. */
	progress(shards: ReadonlyMap<string, ShardStatus>, now: number): void;
	/** What may be listed now; readers held for room go on if there is room now. */
	release(now: number): ReturnType<ArrivalOrder<T>['release']>;
	/** Whether the shard's reader may bring more now: none of its records are held, or there is room. */
	mayBring(shardId: string): boolean;
	/** Resolves once the shard's reader may bring more. */
	room(shardId: string): Promise<void>;
	/** Lets every reader held for room go on (the tail stops; they see it when they do). */
	stop(): void;
};

export function createTimeOrder<T>(
	options: ArrivalOrderOptions<T> & {bound: HoldBound},
): TimeOrder<T> {
	const order = createArrivalOrder(options);
	let waiting: Array<{shardId: string; go: () => void}> = [];
	const wake = () => {
		const still: typeof waiting = [];
		for (const reader of waiting) {
			if (order.mayBring(reader.shardId, options.bound)) {
				reader.go();
			} else {
				still.push(reader);
			}
		}
		waiting = still;
	};
	return {
		add: order.add,
		drain() {
			const records = order.drain();
			wake();
			return records;
		},
		resumed: order.resumed,
		holdout: order.holdout,
		get held() {
			return order.held;
		},
		get late() {
			return order.late;
		},
		progress(shards, now) {
			for (const [shardId, status] of shards) {
				order.progress(shardId, progressOf(status), now);
			}
		},
		release(now) {
			const released = order.release(now);
			wake();
			return released;
		},
		mayBring: (shardId) => order.mayBring(shardId, options.bound),
		room(shardId) {
			if (order.mayBring(shardId, options.bound)) {
				return Promise.resolve();
			}
			return new Promise<void>((go) => {
				waiting.push({shardId, go});
			});
		},
		stop() {
			for (const reader of waiting) {
				reader.go();
			}
			waiting = [];
		},
	};
}

/** How far a shard's reader says it has read. */
function progressOf(status: ShardStatus): ShardProgress {
	return {
		// A shard waiting for its parents brings nothing before they are read; a shard done has its
		// children taken up already (the tailer says done only then).
		open: status.state !== 'waiting' && status.state !== 'done',
		caughtUpAt: status.caughtUpAt,
		answeredAt: status.answeredAt,
	};
}

/** Why records may come late from now on. */
export function passedOverNotice(shardId: string, stallMs = DEFAULT_STALL_MS): string {
	return `Shard ${sanitizeLine(shardId)} has not answered for ${Math.round(stallMs / 1000)} s: the other shards are listed without waiting for it, and what it brings later comes late.`;
}
