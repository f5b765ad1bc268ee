/**
 * The records of several shards as one list in the order they arrived, without I/O: a watermark
 * merge. Each shard's records keep their own order (the order that matters, per partition key); a
 * record is listed once no shard still being read can bring one that arrived before it.
 *
 * How far a shard has been read: up to the arrival of the last record it brought, and, once a call
 * found it caught up, up to the time that call was sent, less a margin for records still on their way
 * in (a record is stamped when it arrives and can be read a moment later; a clock out of step with the
 * service's looks the same). The margin grows when a record shows it was too small. A shard that
 * waits for its parents, or is read to its end, holds nothing back.
 *
 * What is held is bounded. A shard with records held brings no more while the holding is over its
 * bound (its reader waits), so a shard read ahead of the others waits for them rather than filling
 * memory. A shard that holds the others back and has not answered for `stallMs` is passed over until
 * it answers again: what it then brings that is older than what was listed is listed late, and
 * counted.
 */

export type ShardProgress = {
	/** The shard may bring records: false while it waits for its parents and once it is read to its end. */
	open: boolean;
	/** When the last call that found the shard caught up was sent (ms since the epoch, this machine's clock). */
	caughtUpAt?: number;
	/** When its reader last had an answer (ms since the epoch): a reader long without one has stalled. */
	answeredAt?: number;
};

export type ArrivalOrderOptions<T> = {
	/** A record's arrival time, ms since the epoch. */
	arrivalOf(record: T): number;
	/** The bytes a record holds, for the bound on what is held. */
	sizeOf?(record: T): number;
	/** How long a record may take from its arrival stamp to being readable, to begin with. */
	marginMs?: number;
	/** The most the margin grows to: past it, a record that comes later than that is listed late. */
	maxMarginMs?: number;
	/** How long a shard that holds the others back may go without an answer before it is passed over. */
	stallMs?: number;
};

/** What the held records wait for. */
export type Holdout = {
	shardId: string;
	/** Records held, of every shard. */
	records: number;
	/** When the longest held of them was read (ms since the epoch). */
	since: number;
};

export type Release<T> = {
	/** Oldest first. */
	records: T[];
	/** Shards this release stopped waiting for: they had not answered for too long. */
	passedOver: string[];
};

export type HoldBound = {records: number; bytes: number};

export type ArrivalOrder<T> = {
	/** What a shard's reader says of itself; a shard named here the first time holds from now on. */
	progress(shardId: string, progress: ShardProgress, now: number): void;
	/** A shard's records, in its own order. */
	add(shardId: string, records: readonly T[], now: number): void;
	/** What may be listed now; passes over a shard that holds the others back and has gone silent. */
	release(now: number): Release<T>;
	/** Everything held, oldest first: the tail stops, there is nothing more to wait for. */
	drain(): T[];
	/** The user's pause is over: the time paused was no shard's silence. */
	resumed(now: number): void;
	/**
	 * Whether the shard's reader may bring more: always when none of its records are held (it is not
	 * ahead of the others, and may be the one they wait for), else while the holding is within bound.
	 */
	mayBring(shardId: string, bound: HoldBound): boolean;
	/** The shard the held records wait for; undefined when nothing is held. */
	holdout(): Holdout | undefined;
	readonly held: number;
	readonly heldBytes: number;
	/** Records listed after a newer one: brought by a shard after it had been passed over. */
	readonly late: number;
	readonly marginMs: number;
};

export const DEFAULT_MARGIN_MS = 250;
export const DEFAULT_MAX_MARGIN_MS = 5000;
/** As long as a GetRecords call may take before it is given up (kinesis/deadlines.ts). */
export const DEFAULT_STALL_MS = 10_000;

type Chunk<T> = {records: readonly T[]; next: number; addedAt: number};

type ShardEntry<T> = {
	open: boolean;
	caughtUpAt?: number;
	answeredAt?: number;
	/** The newest arrival among the records it brought. */
	lastArrival: number;
	/** Since when nothing showed the shard alive: its last answer, or a moment it was ahead. */
	quietSince: number;
	/** When the others stopped waiting for it; undefined while they wait. */
	passedOverAt?: number;
	chunks: Array<Chunk<T>>;
	count: number;
	bytes: number;
};

export function createArrivalOrder<T>(options: ArrivalOrderOptions<T>): ArrivalOrder<T> {
	const {
		arrivalOf,
		sizeOf = () => 0,
		marginMs: baseMargin = DEFAULT_MARGIN_MS,
		maxMarginMs = DEFAULT_MAX_MARGIN_MS,
		stallMs = DEFAULT_STALL_MS,
	} = options;
	const shards = new Map<string, ShardEntry<T>>();
	let margin = baseMargin;
	let held = 0;
	let heldBytes = 0;
	let late = 0;
	/** The newest arrival listed so far. */
	let listedUpTo = Number.NEGATIVE_INFINITY;

	const entry = (shardId: string, now: number): ShardEntry<T> => {
		let shard = shards.get(shardId);
		if (!shard) {
			shard = {
				open: true,
				lastArrival: Number.NEGATIVE_INFINITY,
				quietSince: now,
				chunks: [],
				count: 0,
				bytes: 0,
			};
			shards.set(shardId, shard);
		}
		return shard;
	};

	/** The time before which the shard will bring nothing more. */
	const floor = (shard: ShardEntry<T>): number => {
		if (!shard.open || shard.passedOverAt !== undefined) {
			return Number.POSITIVE_INFINITY;
		}
		const caughtUp =
			shard.caughtUpAt === undefined ? Number.NEGATIVE_INFINITY : shard.caughtUpAt - margin;
		return Math.max(shard.lastArrival, caughtUp);
	};

	const watermark = (): number => {
		let lowest = Number.POSITIVE_INFINITY;
		for (const shard of shards.values()) {
			lowest = Math.min(lowest, floor(shard));
		}
		return lowest;
	};

	/** The held records up to `upTo`, merged by arrival, each shard's in its own order. */
	const take = (upTo: number, out: T[]) => {
		const holding = [...shards.values()].filter((shard) => shard.count > 0);
		for (;;) {
			let pick: ShardEntry<T> | undefined;
			let earliest = Number.POSITIVE_INFINITY;
			for (const shard of holding) {
				const chunk = shard.chunks[0];
				if (chunk) {
					const arrival = arrivalOf(chunk.records[chunk.next] as T);
					if (arrival < earliest) {
						earliest = arrival;
						pick = shard;
					}
				}
			}
			if (!pick || earliest > upTo) {
				return;
			}
			const chunk = pick.chunks[0] as Chunk<T>;
			const record = chunk.records[chunk.next] as T;
			chunk.next++;
			if (chunk.next >= chunk.records.length) {
				pick.chunks.shift();
			}
			const size = sizeOf(record);
			pick.count--;
			pick.bytes -= size;
			held--;
			heldBytes -= size;
			if (earliest < listedUpTo) {
				late++;
			}
			listedUpTo = Math.max(listedUpTo, earliest);
			out.push(record);
		}
	};

	return {
		progress(shardId, progress, now) {
			const shard = entry(shardId, now);
			shard.open = progress.open;
			if (
				progress.caughtUpAt !== undefined &&
				(shard.caughtUpAt === undefined || progress.caughtUpAt > shard.caughtUpAt)
			) {
				shard.caughtUpAt = progress.caughtUpAt;
			}
			if (
				progress.answeredAt !== undefined &&
				(shard.answeredAt === undefined || progress.answeredAt > shard.answeredAt)
			) {
				shard.answeredAt = progress.answeredAt;
				// It answers again: the others wait for it again.
				if (shard.passedOverAt !== undefined && progress.answeredAt > shard.passedOverAt) {
					shard.passedOverAt = undefined;
				}
			}
		},
		add(shardId, records, now) {
			if (records.length === 0) {
				return;
			}
			const shard = entry(shardId, now);
			let bytes = 0;
			for (const record of records) {
				const arrival = arrivalOf(record);
				// A record older than the shard said it had been read to: records take longer to come in
				// than the margin allowed (or this machine's clock is ahead of the service's).
				if (shard.caughtUpAt !== undefined && arrival < shard.caughtUpAt - margin) {
					margin = Math.min(maxMarginMs, shard.caughtUpAt - arrival + baseMargin);
				}
				shard.lastArrival = Math.max(shard.lastArrival, arrival);
				bytes += sizeOf(record);
			}
			shard.chunks.push({records, next: 0, addedAt: now});
			shard.count += records.length;
			shard.bytes += bytes;
			held += records.length;
			heldBytes += bytes;
		},
		release(now) {
			const records: T[] = [];
			const passedOver: string[] = [];
			for (;;) {
				const upTo = watermark();
				take(upTo, records);
				if (held === 0) {
					break;
				}
				// A shard with records still held is ahead of the others: it waits, it is not silent.
				for (const shard of shards.values()) {
					if (shard.count > 0) {
						shard.quietSince = now;
					}
				}
				// The shards at the watermark hold the rest back: those silent too long are passed over.
				const stalled = [...shards].filter(
					([, shard]) =>
						floor(shard) === upTo &&
						now - Math.max(shard.quietSince, shard.answeredAt ?? Number.NEGATIVE_INFINITY) >=
							stallMs,
				);
				if (stalled.length === 0) {
					break;
				}
				for (const [shardId, shard] of stalled) {
					shard.passedOverAt = now;
					passedOver.push(shardId);
				}
			}
			return {records, passedOver};
		},
		drain() {
			const records: T[] = [];
			take(Number.POSITIVE_INFINITY, records);
			return records;
		},
		resumed(now) {
			for (const shard of shards.values()) {
				shard.quietSince = now;
			}
		},
		mayBring(shardId, bound) {
			const shard = shards.get(shardId);
			return (
				shard === undefined ||
				shard.count === 0 ||
				(held < bound.records && heldBytes < bound.bytes)
			);
		},
		holdout() {
			if (held === 0) {
				return undefined;
			}
			let waitFor: string | undefined;
			let lowest = Number.POSITIVE_INFINITY;
			let since = Number.POSITIVE_INFINITY;
			for (const [shardId, shard] of shards) {
				const shardFloor = floor(shard);
				if (shardFloor < lowest) {
					waitFor = shardId;
					lowest = shardFloor;
				}
				since = Math.min(since, shard.chunks[0]?.addedAt ?? Number.POSITIVE_INFINITY);
			}
			return waitFor === undefined ? undefined : {shardId: waitFor, records: held, since};
		},
		get held() {
			return held;
		},
		get heldBytes() {
			return heldBytes;
		},
		get late() {
			return late;
		},
		get marginMs() {
			return margin;
		},
	};
}
