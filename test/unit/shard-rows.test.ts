import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {MAX_HASH_KEY} from '../../source/model/hash-keys.js';
import {buildLineage, treeRows} from '../../source/model/lineage.js';
import type {Shard} from '../../source/model/shard.js';
import {moveBy} from '../../source/ui/list-window.js';
import {
	fitGuides,
	keySpaceBar,
	rowCells,
	shardDetailLines,
	shardSummaryLines,
	visibleRows,
} from '../../source/ui/shard-tree/shard-rows.js';
import {
	initialShardTreeState,
	shardTreeReducer,
} from '../../source/ui/shard-tree/shard-tree-state.js';

const HALF = 2n ** 127n;
const QUARTER = 2n ** 126n;

function shard(id: string, start: bigint, end: bigint, extra: Partial<Shard> = {}): Shard {
	return {
		shardId: id,
		hashKeyRange: {start, end},
		sequenceNumberRange: {start: '49680449548300469624682980468876885802177903347592331266'},
		...extra,
	};
}

const closed = {
	start: '49680449548300469624682980468876885802177903347592331266',
	end: '9223372036854775807',
};
const lineage = buildLineage([
	shard('shardId-000000000000', 0n, HALF - 1n, {sequenceNumberRange: closed}),
	shard('shardId-000000000001', HALF, MAX_HASH_KEY),
	shard('shardId-000000000002', 0n, QUARTER - 1n, {
		parentShardId: 'shardId-000000000000',
		sequenceNumberRange: closed,
	}),
	shard('shardId-000000000003', QUARTER, HALF - 1n, {
		parentShardId: 'shardId-000000000000',
		sequenceNumberRange: closed,
	}),
	shard('shardId-000000000004', 0n, HALF - 1n, {
		parentShardId: 'shardId-000000000002',
		adjacentParentShardId: 'shardId-000000000003',
	}),
]);

describe('shard tree rows', () => {
	it('shows each shard with its state, its range shortened and its share when open', () => {
		const rows = treeRows(lineage);
		const texts = rows.map((row) => {
			const cells = rowCells(row, lineage, 60);
			return [cells.name, cells.state, cells.range, cells.share]
				.join('|')
				.replace(/ +\|/g, '|')
				.trimEnd();
		});
		expect(texts).toEqual([
			'shardId-000000000000|CLOSED|0…1.70e38|',
			'├─ shardId-000000000002|CLOSED|0…8.50e37|',
			'│  └─ ↳ shardId-000000000004 (merge child, see below)|||',
			'└─ shardId-000000000003|CLOSED|8.50e37…1.70e38|',
			'   └─ shardId-000000000004|OPEN|0…1.70e38|   50%',
			'shardId-000000000001|OPEN|1.70e38…3.40e38|   50%',
		]);
		for (const row of rows) {
			const cells = rowCells(row, lineage, 60);
			expect(
				stringWidth([cells.name, cells.state, cells.range, cells.share].filter(Boolean).join(' ')),
			).toBe(60);
		}
	});

	it('drops the range column where the pane is narrow', () => {
		const [row] = treeRows(lineage);
		const cells = rowCells(row!, lineage, 40);
		expect(cells.range).toBe('');
		expect(cells.name.trim()).toBe('shardId-000000000000');
	});

	it('lists the open shards alone in key order when asked', () => {
		expect(visibleRows(lineage, true).map((row) => row.shardId)).toEqual([
			'shardId-000000000004',
			'shardId-000000000001',
		]);
		expect(visibleRows(lineage, false)).toHaveLength(6);
	});

	it('cuts guides deeper than the room from the left, saying the depth', () => {
		const deep = '│  '.repeat(30) + '└─ ';
		expect(fitGuides(deep, 31, 100)).toBe(deep);
		const cut = fitGuides(deep, 31, 20);
		expect(cut.startsWith('…31 ')).toBe(true);
		expect(cut.endsWith('└─ ')).toBe(true);
		expect(stringWidth(cut)).toBeLessThanOrEqual(20);
	});

	it('draws how the open shards divide the key space, the selected range marked', () => {
		const bar = keySpaceBar(lineage.open, 10);
		expect(bar).toEqual([
			{text: '█████', tone: 'even'},
			{text: '▓▓▓▓▓', tone: 'odd'},
		]);
		const selected = keySpaceBar(lineage.open, 8, {start: QUARTER, end: HALF - 1n});
		expect(selected.map((cell) => cell.tone)).toEqual(['even', 'selected', 'odd']);
		expect(selected.map((cell) => cell.text.length)).toEqual([2, 2, 4]);
		// A shard narrower than a cell still marks one.
		const tiny = keySpaceBar(lineage.open, 8, {start: 5n, end: 6n});
		expect(tiny[0]).toEqual({text: '░', tone: 'selected'});
		// Keys no open shard holds (a stream mid-reshard) are left blank.
		expect(keySpaceBar([], 4)).toEqual([{text: '    ', tone: 'none'}]);
	});

	it('sums up the selected shard in two lines under the tree', () => {
		expect(shardSummaryLines(lineage.nodes.get('shardId-000000000004')!)).toEqual([
			'shardId-000000000004 · OPEN · 50% of the key space',
			'parents shardId-000000000002 + shardId-000000000003',
		]);
		expect(shardSummaryLines(lineage.nodes.get('shardId-000000000000')!)).toEqual([
			'shardId-000000000000 · CLOSED: no new records, still readable',
			'children shardId-000000000002, shardId-000000000003',
		]);
		expect(shardSummaryLines(lineage.nodes.get('shardId-000000000001')!)).toEqual([
			'shardId-000000000001 · OPEN · 50% of the key space',
		]);
	});

	it('gives the selected shard whole: both ranges in full, its family', () => {
		const sequence = '49680449548300469624682980468876885802177903347592331266';
		expect(shardDetailLines(lineage.nodes.get('shardId-000000000004')!, 80)).toEqual([
			'shardId-000000000004 · OPEN · 50% of the key space',
			'hash keys 0',
			`       to ${HALF - 1n}`,
			` sequence ${sequence}`,
			'       to (open)',
			'parents shardId-000000000002 + shardId-000000000003',
		]);
		// Narrower than a sequence number: it goes on a line of its own, broken only where it must.
		const narrow = shardDetailLines(lineage.nodes.get('shardId-000000000000')!, 40);
		expect(narrow.slice(0, 4)).toEqual([
			'shardId-000000000000 · CLOSED',
			'hash keys 0',
			'       to',
			`${HALF - 1n}`,
		]);
		expect(narrow).toContain(' sequence');
		expect(narrow.join('')).toContain(sequence);
		expect(narrow.every((line) => stringWidth(line) <= 40 && line.trim() !== '')).toBe(true);
		expect(narrow.slice(-2)).toEqual(['children shardId-000000000002,', 'shardId-000000000003']);
		const expired = buildLineage([
			shard('shardId-000000000009', 0n, MAX_HASH_KEY, {parentShardId: 'shardId-000000000008'}),
		]);
		expect(shardDetailLines(expired.nodes.get('shardId-000000000008')!, 80)).toEqual([
			'shardId-000000000008 · EXPIRED',
			'Beyond the retention period: no longer listed.',
			'child shardId-000000000009',
		]);
	});

	it('keeps the selected shard when the view switches to open shards only', () => {
		const keys = treeRows(lineage).map((row) => row.key);
		let state = shardTreeReducer(initialShardTreeState, {
			type: 'moveWindow',
			window: moveBy(initialShardTreeState.window, keys, 10, 2),
		});
		expect(state.window.selectedKey).toBe('shardId-000000000004<shardId-000000000002');
		state = shardTreeReducer(state, {type: 'toggleOpenOnly'});
		expect(state.openOnly).toBe(true);
		expect(state.window.selectedKey).toBe('shardId-000000000004');
	});
});
