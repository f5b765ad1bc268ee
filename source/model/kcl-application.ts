import type {Checkpoint, Lease} from './leases.js';
import type {Liveness} from './lease-liveness.js';
import type {Shard} from './shard.js';

/**
 * A KCL application as its lease table shows it against the stream it reads: who holds which shard,
 * how far behind each is, and which open shards nobody holds.
 */

/** How far behind a lease's checkpoint is. */
export type LeaseLag =
	| {
			state: 'measured';
			millisBehindLatest: number;
			/** The arrival of the first record after the checkpoint; none: nothing left to read. */
			firstUnreadArrival?: Date;
			/** The checkpoint it was measured at, as the KCL writes it. */
			checkpoint: string;
			measuredAt: number;
	  }
	/** Waiting its turn: one read a shard each 10 s. */
	| {state: 'pending'}
	/** Cannot be measured: the reason says why. */
	| {state: 'unmeasured'; reason: string}
	/** Kinesis does not know the checkpoint in this shard: it is another stream's. */
	| {state: 'refused'; reason: string};

export type LeaseState = {
	lease: Lease;
	liveness: Liveness;
	/** An owner holds it, has not read the shard to its end, and stopped renewing it. */
	stalled: boolean;
	lag: LeaseLag;
};

/** An open shard no lease names, and the parents whose leases have not reached SHARD_END. */
export type UnleasedShard = {shardId: string; waitingFor: readonly string[]};

export type ApplicationSummary = {
	/** Each worker and how many leases it holds, most first. */
	workers: ReadonlyArray<{owner: string; leases: number}>;
	/** Leases no worker holds. */
	unowned: number;
	/** Of the leases measured: the largest MillisBehindLatest and their total. */
	largestLagMs?: number;
	totalLagMs: number;
	stalled: number;
	/** Leases whose shard is read to its end (checkpoint SHARD_END). */
	finished: number;
	unleased: readonly UnleasedShard[];
};

export function isFinished(checkpoint: Checkpoint | undefined): boolean {
	return checkpoint?.kind === 'SHARD_END';
}

/** Whose table this is, by what its leases name: this stream's, another's, or nobody's yet. */
export type TableOwner = 'this' | 'other' | 'empty';

/**
 * A multi-stream table belongs to every stream its leases name. A single-stream table's leases name
 * shard ids only, which every stream has alike (shardId-000000000000 …): it is this stream's when
 * every shard it names is one of this stream's (the KCL deletes the leases of shards that are gone).
 */
export function tableOwner(
	leases: readonly Lease[],
	stream: string,
	shardIds: ReadonlySet<string>,
): TableOwner {
	if (leases.length === 0) {
		return 'empty';
	}
	if (leases.some((lease) => lease.stream !== undefined)) {
		return leases.some((lease) => lease.stream === stream) ? 'this' : 'other';
	}
	return leases.every((lease) => shardIds.has(lease.shardId)) ? 'this' : 'other';
}

/** The leases of a table that are about this stream. */
export function leasesOf(leases: readonly Lease[], stream: string): Lease[] {
	return leases.filter((lease) => lease.stream === undefined || lease.stream === stream);
}

/** What the application has left unread: open shards without a lease, and why, where it can tell. */
export function unleasedShards(
	leases: readonly Lease[],
	shards: readonly Shard[],
): UnleasedShard[] {
	const byShard = new Map(leases.map((lease) => [lease.shardId, lease]));
	return shards
		.filter((shard) => shard.sequenceNumberRange.end === undefined && !byShard.has(shard.shardId))
		.map((shard) => ({
			shardId: shard.shardId,
			// The KCL leases a child once its parents are read to their end: while a parent's lease is
			// not at SHARD_END, the child waits for it, as it should.
			waitingFor: [shard.parentShardId, shard.adjacentParentShardId].filter(
				(parent): parent is string => {
					const lease = parent === undefined ? undefined : byShard.get(parent);
					return lease !== undefined && !isFinished(lease.checkpoint);
				},
			),
		}));
}

export function summarizeApplication(
	states: readonly LeaseState[],
	unleased: readonly UnleasedShard[],
): ApplicationSummary {
	const counts = new Map<string, number>();
	let unowned = 0;
	for (const {lease} of states) {
		if (lease.owner === undefined) {
			unowned++;
		} else {
			counts.set(lease.owner, (counts.get(lease.owner) ?? 0) + 1);
		}
	}
	const lags = states.flatMap(({lag}) =>
		lag.state === 'measured' ? [lag.millisBehindLatest] : [],
	);
	return {
		workers: [...counts]
			.map(([owner, leases]) => ({owner, leases}))
			.sort((a, b) => b.leases - a.leases || a.owner.localeCompare(b.owner)),
		unowned,
		largestLagMs: lags.length > 0 ? Math.max(...lags) : undefined,
		totalLagMs: lags.reduce((sum, lag) => sum + lag, 0),
		stalled: states.filter((state) => state.stalled).length,
		finished: states.filter((state) => isFinished(state.lease.checkpoint)).length,
		unleased,
	};
}
