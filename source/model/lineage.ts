import type {Shard} from './shard.js';

/**
 * A stream's shards as a family tree. A split closes one shard and opens two children that name it
 * as their parent; a merge closes two adjacent shards and opens one child that names both (its
 * parent and its adjacent parent). Pure: it reads what ListShards returned, nothing else.
 */

/**
 * OPEN takes new records. CLOSED was split or merged: it takes none, but its records can still be
 * read until they age out. EXPIRED is a parent that a child still names but that the service no
 * longer returns (its records are beyond the retention period): a placeholder, nothing to read.
 */
export type ShardState = 'OPEN' | 'CLOSED' | 'EXPIRED';

export type LineageNode = {
	shardId: string;
	state: ShardState;
	/** What the service returned; absent for an EXPIRED placeholder. */
	shard?: Shard;
	/** The parent first, then the adjacent parent of a merge. */
	parents: readonly string[];
	/** In hash key order. */
	children: readonly string[];
};

export type Lineage = {
	nodes: ReadonlyMap<string, LineageNode>;
	/** Shards with no parent the tree knows of, in hash key order. */
	roots: readonly string[];
	/** The open shards in hash key order: together they cover the key space. */
	open: readonly Shard[];
};

export function buildLineage(shards: readonly Shard[]): Lineage {
	// An id listed twice (a page boundary moving under a reshard) counts once, as last seen.
	const byId = new Map(shards.map((shard) => [shard.shardId, shard]));
	const parentsOf = (shard: Shard) =>
		[...new Set([shard.parentShardId, shard.adjacentParentShardId])].filter(
			(id): id is string => id !== undefined && id !== '' && id !== shard.shardId,
		);
	const children = new Map<string, string[]>();
	for (const shard of byId.values()) {
		for (const parent of parentsOf(shard)) {
			children.set(parent, [...(children.get(parent) ?? []), shard.shardId]);
		}
	}
	const start = (id: string): bigint => {
		const shard = byId.get(id);
		if (shard) {
			return shard.hashKeyRange.start;
		}
		// A placeholder sits where its children begin.
		const starts = (children.get(id) ?? []).map((child) => byId.get(child)?.hashKeyRange.start);
		return starts.reduce<bigint>(
			(low, value) => (value !== undefined && value < low ? value : low),
			MAX_START,
		);
	};
	const inKeyOrder = (ids: Iterable<string>) =>
		[...ids].sort((a, b) => compareBigints(start(a), start(b)) || compareIds(a, b));

	const nodes = new Map<string, LineageNode>();
	for (const shard of byId.values()) {
		// A shard with children was closed by them, whatever the engine says its ending sequence
		// number is (engines differ: some report 2^63−1 for every closed shard).
		const closed = shard.sequenceNumberRange.end !== undefined || children.has(shard.shardId);
		nodes.set(shard.shardId, {
			shardId: shard.shardId,
			state: closed ? 'CLOSED' : 'OPEN',
			shard,
			parents: parentsOf(shard),
			children: inKeyOrder(children.get(shard.shardId) ?? []),
		});
	}
	for (const [id, ids] of children) {
		if (!byId.has(id)) {
			nodes.set(id, {shardId: id, state: 'EXPIRED', parents: [], children: inKeyOrder(ids)});
		}
	}
	return {
		nodes,
		roots: inKeyOrder([...nodes.values()].filter((node) => node.parents.length === 0).map(id)),
		open: inKeyOrder([...nodes.values()].filter((node) => node.state === 'OPEN').map(id)).map(
			(shardId) => byId.get(shardId) as Shard,
		),
	};
}

/** One row of the tree as drawn: a shard under one of its parents. */
export type TreeRow = {
	/** Unique among the rows: the shard id, or the id and the parent for a merge child's second row. */
	key: string;
	shardId: string;
	depth: number;
	/** The box-drawing guides before the shard: `│  ├─ `. */
	guides: string;
	/**
	 * A merge child has two parents: it is drawn in full under the one that comes second, and
	 * named under the first (`ref` rows) with a pointer to where it is.
	 */
	ref: boolean;
};

/**
 * The tree as rows, parents always above their children: depth first in hash key order, a merge
 * child drawn in full once both its parents are drawn, and named under the other one.
 */
export function treeRows(lineage: Lineage): TreeRow[] {
	const rows: TreeRow[] = [];
	const drawn = new Set<string>();
	/** Parents drawn so far, per merge child. */
	const parentsSeen = new Map<string, number>();
	type Visit = {id: string; depth: number; guides: string; childGuides: string; parent?: string};
	const visitsOf = (ids: readonly string[], depth: number, guides: string, parent?: string) =>
		ids.map((childId, index): Visit => {
			const last = index === ids.length - 1;
			return {
				id: childId,
				depth,
				guides: depth === 0 ? '' : `${guides}${last ? '└─ ' : '├─ '}`,
				childGuides: depth === 0 ? '' : `${guides}${last ? '   ' : '│  '}`,
				parent,
			};
		});
	// A stack rather than recursion: a long history of reshards makes a deep tree.
	const stack: Visit[] = [];
	const pushAll = (visits: Visit[]) => stack.push(...visits.reverse());

	const walk = () => {
		for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
			const node = lineage.nodes.get(visit.id);
			if (!node || drawn.has(node.shardId)) {
				continue;
			}
			const known = node.parents.filter((parent) => lineage.nodes.has(parent)).length;
			const seen = (parentsSeen.get(node.shardId) ?? 0) + (visit.parent === undefined ? 0 : 1);
			parentsSeen.set(node.shardId, seen);
			if (visit.parent !== undefined && seen < known) {
				rows.push({
					key: `${node.shardId}<${visit.parent}`,
					shardId: node.shardId,
					depth: visit.depth,
					guides: visit.guides,
					ref: true,
				});
				continue;
			}
			drawn.add(node.shardId);
			rows.push({
				key: node.shardId,
				shardId: node.shardId,
				depth: visit.depth,
				guides: visit.guides,
				ref: false,
			});
			pushAll(visitsOf(node.children, visit.depth + 1, visit.childGuides, node.shardId));
		}
	};
	pushAll(visitsOf(lineage.roots, 0, ''));
	walk();
	// Only a malformed listing (shards that name each other as parents) leaves some undrawn: they are
	// drawn as roots rather than lost.
	for (const node of lineage.nodes.values()) {
		if (!drawn.has(node.shardId)) {
			pushAll(visitsOf([node.shardId], 0, ''));
			walk();
		}
	}
	return rows;
}

/** The open shards next to this one in the key space: the only ones it can be merged with. */
export function adjacentOpenShards(lineage: Lineage, shardId: string): Shard[] {
	const index = lineage.open.findIndex((shard) => shard.shardId === shardId);
	if (index < 0) {
		return [];
	}
	return [lineage.open[index - 1], lineage.open[index + 1]].filter(
		(shard): shard is Shard => shard !== undefined,
	);
}

export function countStates(lineage: Lineage): Record<ShardState, number> {
	const counts: Record<ShardState, number> = {OPEN: 0, CLOSED: 0, EXPIRED: 0};
	for (const node of lineage.nodes.values()) {
		counts[node.state]++;
	}
	return counts;
}

const MAX_START = 2n ** 128n;

function id(node: LineageNode): string {
	return node.shardId;
}

function compareBigints(a: bigint, b: bigint): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function compareIds(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
