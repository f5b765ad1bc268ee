import {describe, expect, it} from 'vitest';
import {MAX_HASH_KEY} from '../../source/model/hash-keys.js';
import {
	adjacentOpenShards,
	buildLineage,
	countStates,
	type Lineage,
	treeRows,
} from '../../source/model/lineage.js';
import type {Shard} from '../../source/model/shard.js';

const HALF = 2n ** 127n;
/** kinesis-mock's ending sequence number for every closed shard. */
const MOCK_END = '9223372036854775807';

function shard(
	index: number,
	start: bigint,
	end: bigint,
	{parent, adjacent, closed}: {parent?: number; adjacent?: number; closed?: string | boolean} = {},
): Shard {
	return {
		shardId: id(index),
		parentShardId: parent === undefined ? undefined : id(parent),
		adjacentParentShardId: adjacent === undefined ? undefined : id(adjacent),
		hashKeyRange: {start, end},
		sequenceNumberRange: {
			start: `4968${index}`,
			end: closed === true ? `4969${index}` : closed === false ? undefined : closed,
		},
	};
}

function id(index: number): string {
	return `shardId-${String(index).padStart(12, '0')}`;
}

/** The case: 2 shards, shard 0 split at its midpoint, then its two children merged. */
const splitThenMerged: Shard[] = [
	shard(0, 0n, HALF - 1n, {closed: true}),
	shard(1, HALF, MAX_HASH_KEY),
	shard(2, 0n, HALF / 2n - 1n, {parent: 0, closed: true}),
	shard(3, HALF / 2n, HALF - 1n, {parent: 0, closed: true}),
	shard(4, 0n, HALF - 1n, {parent: 2, adjacent: 3}),
];

function rowsText(lineage: Lineage): string[] {
	return treeRows(lineage).map((row) => `${row.guides}${row.ref ? '↳ ' : ''}${row.shardId}`);
}

/** Every shard's row comes after the rows of all its parents. */
function expectParentsFirst(lineage: Lineage) {
	const order = treeRows(lineage)
		.filter((row) => !row.ref)
		.map((row) => row.shardId);
	expect(new Set(order).size).toBe(lineage.nodes.size);
	for (const node of lineage.nodes.values()) {
		for (const parent of node.parents) {
			expect(order.indexOf(parent)).toBeLessThan(order.indexOf(node.shardId));
		}
	}
}

describe('lineage', () => {
	it('builds the tree of a split then a merge: closed parents, an open child naming both', () => {
		const lineage = buildLineage(splitThenMerged);
		expect(countStates(lineage)).toEqual({OPEN: 2, CLOSED: 3, EXPIRED: 0});
		expect(lineage.nodes.get(id(4))).toMatchObject({state: 'OPEN', parents: [id(2), id(3)]});
		expect(lineage.nodes.get(id(0))?.children).toEqual([id(2), id(3)]);
		expect(lineage.nodes.get(id(2))?.children).toEqual([id(4)]);
		expect(lineage.nodes.get(id(3))?.children).toEqual([id(4)]);
		expect(lineage.roots).toEqual([id(0), id(1)]);
		expect(lineage.open.map((each) => each.shardId)).toEqual([id(4), id(1)]);
	});

	it('draws a merge child in full under its second parent and names it under the first', () => {
		const lineage = buildLineage(splitThenMerged);
		expect(rowsText(lineage)).toEqual([
			id(0),
			`├─ ${id(2)}`,
			`│  └─ ↳ ${id(4)}`,
			`└─ ${id(3)}`,
			`   └─ ${id(4)}`,
			id(1),
		]);
		const keys = treeRows(lineage).map((row) => row.key);
		expect(new Set(keys).size).toBe(keys.length);
		expectParentsFirst(lineage);
	});

	it('draws the demo history: a split of the lowest shard and a merge of the two highest', () => {
		const quarter = 2n ** 126n;
		const lineage = buildLineage([
			shard(0, 0n, quarter - 1n, {closed: MOCK_END}),
			shard(1, quarter, 2n * quarter - 1n),
			shard(2, 2n * quarter, 3n * quarter - 1n, {closed: MOCK_END}),
			shard(3, 3n * quarter, MAX_HASH_KEY, {closed: MOCK_END}),
			shard(4, 0n, quarter / 2n - 1n, {parent: 0}),
			shard(5, quarter / 2n, quarter - 1n, {parent: 0}),
			shard(6, 2n * quarter, MAX_HASH_KEY, {parent: 2, adjacent: 3}),
		]);
		expect(rowsText(lineage)).toEqual([
			id(0),
			`├─ ${id(4)}`,
			`└─ ${id(5)}`,
			id(1),
			id(2),
			`└─ ↳ ${id(6)}`,
			id(3),
			`└─ ${id(6)}`,
		]);
		expect(lineage.open.map((each) => each.shardId)).toEqual([id(4), id(5), id(1), id(6)]);
	});

	it('shows a parent the service no longer returns as EXPIRED, in its place', () => {
		// Shard 0 aged out: its children still name it. Shard 3, a merge parent, aged out too.
		const lineage = buildLineage([
			shard(1, HALF, MAX_HASH_KEY, {closed: true}),
			shard(2, 0n, HALF - 1n, {parent: 0}),
			shard(4, HALF, MAX_HASH_KEY, {parent: 1, adjacent: 3}),
		]);
		expect(lineage.nodes.get(id(0))).toEqual({
			shardId: id(0),
			state: 'EXPIRED',
			parents: [],
			children: [id(2)],
		});
		expect(lineage.nodes.get(id(3))?.state).toBe('EXPIRED');
		expect(countStates(lineage)).toEqual({OPEN: 2, CLOSED: 1, EXPIRED: 2});
		expect(lineage.roots).toEqual([id(0), id(1), id(3)]);
		expectParentsFirst(lineage);
	});

	it('does not depend on any engine reporting ending sequence numbers the same way', () => {
		const real = buildLineage([
			shard(0, 0n, MAX_HASH_KEY, {
				closed: '49680449548300469624682980468876885802177903347592331266',
			}),
			shard(1, 0n, HALF - 1n, {parent: 0}),
			shard(2, HALF, MAX_HASH_KEY, {parent: 0}),
		]);
		const mock = buildLineage([
			shard(0, 0n, MAX_HASH_KEY, {closed: MOCK_END}),
			shard(1, 0n, HALF - 2n, {parent: 0}),
			shard(2, HALF - 1n, MAX_HASH_KEY, {parent: 0}),
		]);
		// A parent whose children exist is closed even if the engine gave it no ending sequence number.
		const silent = buildLineage([
			shard(0, 0n, MAX_HASH_KEY, {closed: false}),
			shard(1, 0n, HALF - 1n, {parent: 0}),
			shard(2, HALF, MAX_HASH_KEY, {parent: 0}),
		]);
		for (const lineage of [real, mock, silent]) {
			expect(countStates(lineage)).toEqual({OPEN: 2, CLOSED: 1, EXPIRED: 0});
			expect(adjacentOpenShards(lineage, id(1)).map((each) => each.shardId)).toEqual([id(2)]);
		}
	});

	it('counts a shard listed twice (a page boundary moving under a reshard) once', () => {
		const lineage = buildLineage([...splitThenMerged, ...splitThenMerged.slice(2)]);
		expect(lineage.nodes.size).toBe(5);
		expect(treeRows(lineage).filter((row) => !row.ref)).toHaveLength(5);
	});

	it('offers only open neighbours in the key space for a merge', () => {
		const lineage = buildLineage(splitThenMerged);
		expect(adjacentOpenShards(lineage, id(4)).map((each) => each.shardId)).toEqual([id(1)]);
		expect(adjacentOpenShards(lineage, id(1)).map((each) => each.shardId)).toEqual([id(4)]);
		expect(adjacentOpenShards(lineage, id(0))).toEqual([]);
		const three = buildLineage([shard(0, 0n, 9n), shard(1, 10n, 19n), shard(2, 20n, MAX_HASH_KEY)]);
		expect(adjacentOpenShards(three, id(1)).map((each) => each.shardId)).toEqual([id(0), id(2)]);
	});

	it('handles a long history: thousands of shards, a chain thousands deep', () => {
		// Each step splits the newest upper child: 3001 shards, 3000 levels.
		const shards: Shard[] = [shard(0, 0n, MAX_HASH_KEY, {closed: true})];
		let start = 0n;
		for (let step = 0; step < 1500; step++) {
			const parent = step === 0 ? 0 : 2 * step;
			const middle = start + (MAX_HASH_KEY - start) / 2n;
			shards.push(shard(2 * step + 1, start, middle - 1n, {parent}));
			shards.push(shard(2 * step + 2, middle, MAX_HASH_KEY, {parent, closed: step < 1499}));
			start = middle;
		}
		const lineage = buildLineage(shards);
		expect(countStates(lineage)).toEqual({OPEN: 1501, CLOSED: 1500, EXPIRED: 0});
		const rows = treeRows(lineage);
		expect(rows).toHaveLength(3001);
		expect(Math.max(...rows.map((row) => row.depth))).toBe(1500);
		expectParentsFirst(lineage);
		expect(lineage.open).toHaveLength(1501);
	});

	it('loses no shard from a malformed listing whose shards name each other as parents', () => {
		const lineage = buildLineage([
			shard(0, 0n, HALF - 1n, {parent: 1}),
			shard(1, HALF, MAX_HASH_KEY, {parent: 0}),
			shard(2, 0n, MAX_HASH_KEY, {parent: 2}),
		]);
		const drawn = treeRows(lineage)
			.filter((row) => !row.ref)
			.map((row) => row.shardId);
		expect(drawn.sort()).toEqual([id(0), id(1), id(2)]);
		// A shard naming itself is not its own parent.
		expect(lineage.nodes.get(id(2))?.parents).toEqual([]);
	});
});
