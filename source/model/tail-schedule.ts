import type {StartingPosition} from './positions.js';
import type {ChildShard, Shard} from './shard.js';

/**
 * Which shards a tail reads, and from where, without I/O. Each shard is read from its starting
 * position to its end and then on with its children, a child only once every parent it has is read
 * to its end, so that the records of a partition key come in the order they were written across
 * splits and merges.
 */

export type TailScope = {
	/** One shard (and then its children), or undefined for every shard of the stream. */
	shardId?: string;
	position: StartingPosition;
};

export type ShardPhase = 'waiting' | 'reading' | 'done';

export type ShardStart = {shardId: string; position: StartingPosition};

export type TailSchedule = {
	/** The shards known, in the order the tail learnt of them. */
	phases(): Map<string, ShardPhase>;
	knows(shardId: string): boolean;
	/** ListShards said the shard is closed: a subscription may not say so itself. */
	isClosed(shardId: string): boolean;
	/** The first listing: the shards the tail begins with. False: the stream has no such shard. */
	begin(shards: readonly Shard[]): boolean;
	/** A later listing: new shards join an all-shard tail. */
	listed(shards: readonly Shard[]): void;
	/** The shards that may be read now; each is reading from then on. */
	startable(): ShardStart[];
	/** The shard is read to its end (or gone). */
	finish(shardId: string): void;
	/**
	 * Whether the shards must be listed before these children (that the tail does not know yet) are
	 * taken up: before the tail waits on a parent of a child, it should know every parent there is.
	 */
	needsParentsListed(children: readonly ChildShard[]): boolean;
	/** Takes up the children of a finished shard that the tail does not know yet. */
	adopt(parentId: string, children: readonly ChildShard[]): void;
};

type Entry = {
	parents: readonly string[];
	position: StartingPosition;
	/** The shard was closed already when the tail first saw it. */
	closedAtStart: boolean;
	phase: ShardPhase;
};

export function createTailSchedule(scope: TailScope): TailSchedule {
	const known = new Map<string, Entry>();
	const closed = new Set<string>();
	const allShards = scope.shardId === undefined;

	const add = (
		shardId: string,
		parents: readonly string[],
		position: StartingPosition,
		closedAtStart: boolean,
	) => {
		known.set(shardId, {parents, position, closedAtStart, phase: 'waiting'});
	};

	// A parent the tail does not know (trimmed by retention, or outside a one-shard tail) holds
	// nothing back.
	const mayStart = (entry: Entry) =>
		entry.phase === 'waiting' &&
		entry.parents.every((id) => !known.has(id) || known.get(id)?.phase === 'done');

	const listed = (shards: readonly Shard[]) => {
		for (const shard of shards) {
			if (listedClosed(shard)) {
				closed.add(shard.shardId);
			}
			if (allShards && !known.has(shard.shardId)) {
				add(shard.shardId, parentsOf(shard), discoveredPosition(scope.position), false);
			}
		}
	};

	return {
		phases: () => new Map([...known].map(([shardId, entry]) => [shardId, entry.phase])),
		knows: (shardId) => known.has(shardId),
		isClosed: (shardId) => closed.has(shardId),
		begin(shards) {
			if (!allShards) {
				const shard = shards.find((candidate) => candidate.shardId === scope.shardId);
				if (!shard) {
					return false;
				}
				add(shard.shardId, [], scope.position, listedClosed(shard));
			} else {
				for (const shard of shards) {
					add(shard.shardId, parentsOf(shard), scope.position, listedClosed(shard));
					// Nothing comes after LATEST in a shard that is closed already.
					if (listedClosed(shard) && scope.position.type === 'LATEST') {
						(known.get(shard.shardId) as Entry).phase = 'done';
					}
				}
			}
			listed(shards);
			return true;
		},
		listed,
		startable() {
			const starts: ShardStart[] = [];
			for (const [shardId, entry] of known) {
				if (mayStart(entry)) {
					entry.phase = 'reading';
					starts.push({shardId, position: entry.position});
				}
			}
			return starts;
		},
		finish(shardId) {
			const entry = known.get(shardId);
			if (entry) {
				entry.phase = 'done';
			}
		},
		needsParentsListed: (children) =>
			allShards && children.some((child) => child.parentShardIds.some((id) => !known.has(id))),
		adopt(parentId, children) {
			const parent = known.get(parentId);
			if (!parent) {
				return;
			}
			for (const child of children) {
				if (!known.has(child.shardId)) {
					add(child.shardId, child.parentShardIds, childPosition(parent), false);
				}
			}
		},
	};
}

/** The children of a shard, from a listing (for engines and subscriptions that do not name them). */
export function childrenIn(shards: readonly Shard[], parentId: string): ChildShard[] {
	return shards
		.filter((shard) => shard.parentShardId === parentId || shard.adjacentParentShardId === parentId)
		.map((shard) => ({shardId: shard.shardId, parentShardIds: parentsOf(shard)}));
}

/** Where a child starts: where its parents left off, which is its beginning, unless … */
function childPosition(parent: Entry): StartingPosition {
	if (parent.position.type === 'AT_TIMESTAMP') {
		return parent.position;
	}
	// … the parent was closed before the tail began: a LATEST tail wants what comes next.
	if (parent.position.type === 'LATEST' && parent.closedAtStart) {
		return parent.position;
	}
	return {type: 'TRIM_HORIZON'};
}

/** Where a shard that appears while the tail runs starts: at its beginning, or at the timestamp. */
function discoveredPosition(position: StartingPosition): StartingPosition {
	return position.type === 'AT_TIMESTAMP' ? position : {type: 'TRIM_HORIZON'};
}

function listedClosed(shard: Shard): boolean {
	return shard.sequenceNumberRange.end !== undefined;
}

function parentsOf(shard: Shard): string[] {
	return [shard.parentShardId, shard.adjacentParentShardId].filter(
		(id): id is string => id !== undefined,
	);
}
