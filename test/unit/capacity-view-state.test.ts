import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {wrapText} from '../../source/format/text-width.js';
import {capacityReport} from '../../source/model/capacity.js';
import {createCapacityTally} from '../../source/model/capacity-tally.js';
import type {UserRecord} from '../../source/model/records.js';
import type {Shard} from '../../source/model/shard.js';
import {fieldValues} from '../../source/ui/action-dialog/action-dialog-state.js';
import {
	type CapacityRow,
	READ_ONLY_SPLIT,
	reportRows,
	statusText,
	stripSegments,
} from '../../source/ui/capacity/capacity-rows.js';
import {
	capacityViewReducer,
	initialCapacityViewState,
	offeredSplit,
	scrollStops,
	splitDialog,
	topRow,
} from '../../source/ui/capacity/capacity-state.js';
import {moveByKey} from '../../source/ui/list-window.js';
import {submitShardDialog} from '../../source/ui/shard-tree/shard-actions.js';

const QUARTER = 2n ** 126n;
const id = (index: number) => `shardId-${String(index).padStart(12, '0')}`;
const quarters: Shard[] = [0, 1, 2, 3].map((index) => ({
	shardId: id(index),
	hashKeyRange: {start: BigInt(index) * QUARTER, end: (BigInt(index) + 1n) * QUARTER - 1n},
	sequenceNumberRange: {start: '0'},
}));
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
let sequence = 0;

function record(index: number, partitionKey: string, offset: bigint, atMs: number): UserRecord {
	return {
		shardId: id(index),
		sequenceNumber: String(++sequence),
		partitionKey,
		explicitHashKey: String(BigInt(index) * QUARTER + offset),
		approximateArrivalTimestamp: new Date(T0 + atMs),
		data: new Uint8Array(50),
	};
}

/**
 * Shards 1 and 3 skewed (one key 78% of shard 1, 82% of shard 3, low in their ranges), 0 and 2 even:
 * 40 keys of one record each in every shard, over 100 s.
 */
function skewedReport({onDemand = false} = {}) {
	const records: UserRecord[] = [];
	for (const index of [0, 1, 2, 3]) {
		for (let key = 0; key < 40; key++) {
			records.push(record(index, `k${index}-${key}`, 10n ** 30n * BigInt(key + 2), key * 1000));
		}
	}
	for (let n = 0; n < 140; n++) {
		records.push(record(1, 'hot-\u001b[31mred', 1000n, n * 500));
	}
	for (let n = 0; n < 180; n++) {
		records.push(record(3, 'hotter', 1000n, n * 500));
	}
	const tally = createCapacityTally();
	tally.add(records);
	return capacityReport({
		tally,
		shards: quarters,
		from: new Date(T0),
		until: new Date(T0 + 100_000),
		onDemand,
	});
}

const text = (row: CapacityRow) => row.segments.map((segment) => segment.text).join('');

describe('the capacity report as rows', () => {
	it('puts the hot shards first, their top keys with shares, the keys made safe for the screen', () => {
		const report = skewedReport();
		const rows = reportRows(report, {width: 96, readOnly: false}).map(text);
		const heads = rows.filter((row) => row.startsWith('shardId-'));
		expect(heads[0]).toMatch(new RegExp(`^${id(3)}  HOT: \\d+% of the records on 25%`));
		expect(heads[1]).toMatch(new RegExp(`^${id(1)}  HOT:`));
		expect(heads.slice(2).every((row) => !row.includes('HOT'))).toBe(true);
		expect(rows.join('\n')).not.toContain('\u001b');
		expect(rows).toContainEqual(
			expect.stringMatching(/^ {2}top keys {3}"hot-␛\[31mred" +78% █+░*$/),
		);
		expect(rows).toContainEqual(expect.stringMatching(/^ {2}records\/s +mean +\d/));
		expect(rows).toContainEqual(expect.stringMatching(/^ {2}bytes\/s +mean +\d/));
		expect(rows.join(' ')).toContain(`s: split ${id(3)} at`);
	});

	it('fits every row in the width, from 80 to 200 columns', () => {
		for (const width of [76, 116, 196]) {
			const rows = reportRows(skewedReport(), {width, readOnly: false});
			expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length);
			for (const row of rows) {
				expect(stringWidth(text(row)), text(row)).toBeLessThanOrEqual(width);
			}
		}
	});

	it('offers no split when read-only, and says why', () => {
		const rows = reportRows(skewedReport(), {width: 96, readOnly: true}).map(text);
		expect(rows.join(' ')).not.toContain('s: split');
		expect(rows.join(' ').replace(/\s+/g, ' ')).toContain(READ_ONLY_SPLIT);
	});

	it('gives an on-demand stream the numbers and no resharding advice', () => {
		const report = skewedReport({onDemand: true});
		const rows = reportRows(report, {width: 96, readOnly: false}).map(text).join(' ');
		expect(rows).toContain('HOT');
		expect(rows).not.toMatch(/split|Merge/);
		expect(rows).toContain('On-demand: Kinesis adds and removes this stream’s shards itself');
		expect(offeredSplit(report, [], 0)).toBeUndefined();
	});

	it('draws the key space in the columns it has, the busiest cells hot', () => {
		const strip = skewedReport().strip;
		expect(stripSegments(strip, 64)).toHaveLength(64);
		expect(stripSegments(strip, 200)).toHaveLength(192);
		expect(stripSegments(strip, 40)).toHaveLength(40);
		const cells = stripSegments(strip, 64);
		// The hotter key sits at the very start of shard 3, the last quarter: cell 48.
		expect(cells[48]).toEqual({text: '█', tone: 'hot'});
	});

	it('tells what is measured, and how far a read has come', () => {
		expect(
			statusText({
				stream: 'orders',
				status: 'reading',
				source: 'window',
				progress: {records: 1234, calls: 12, fraction: 0.4},
			}),
		).toBe('Reading the last 5 minutes of orders: 1,234 records · 12 calls');
		const done = statusText({
			stream: 'orders',
			status: 'done',
			source: 'window',
			progress: {records: 433, calls: 4, fraction: 1},
			report: skewedReport(),
		});
		expect(done).toMatch(
			/^480 records · .* · 4 calls · provisioned · the last 1 min 40 s to 12:01:40 UTC$/,
		);
	});
});

describe('the capacity view state', () => {
	const report = skewedReport();
	const rows = reportRows(report, {width: 96, readOnly: false});
	const height = 10;
	const stops = scrollStops(rows, height);

	it('scrolls until the last row reaches the bottom, keeping its place by the row at the top', () => {
		expect(stops).toHaveLength(rows.length - height + 1);
		let state = initialCapacityViewState;
		const scroll = (motion: Parameters<typeof moveByKey>[3]) => {
			state = capacityViewReducer(state, {
				type: 'scroll',
				scroll: moveByKey(state.scroll, stops, height, motion),
			});
		};
		expect(topRow(state, stops, height)).toBe(0);
		scroll('down');
		expect(topRow(state, stops, height)).toBe(1);
		scroll('pageDown');
		expect(topRow(state, stops, height)).toBe(11);
		scroll('bottom');
		expect(topRow(state, stops, height)).toBe(rows.length - height);
		scroll('top');
		scroll('down');
		// Measured again, the same rows: the same place.
		const again = scrollStops(reportRows(skewedReport(), {width: 96, readOnly: false}), height);
		expect(topRow(state, again, height)).toBe(1);
	});

	it('offers the split of the hot shard on screen: the first, then the next once scrolled past', () => {
		expect(offeredSplit(report, rows, 0)?.shardId).toBe(id(3));
		const pastFirst = rows.findLastIndex((row) => row.shardId === id(3)) + 1;
		expect(offeredSplit(report, rows, pastFirst)?.shardId).toBe(id(1));
		expect(offeredSplit(report, rows, rows.length - 1)?.shardId).toBe(id(1));
	});

	it('opens the shard tree’s split form filled in with the split hash key, which confirms before the split', () => {
		const shard = offeredSplit(report, rows, 0)!;
		const dialog = splitDialog(shard)!;
		expect(dialog.title).toBe(`Split ${id(3)}`);
		expect(fieldValues(dialog)).toEqual([shard.split!.hashKey.toString()]);
		expect(dialog.lines?.join(' ')).toContain('where its traffic halves as measured');
		let state = capacityViewReducer(initialCapacityViewState, {type: 'showDialog', dialog});
		expect(state.dialog).toBe(dialog);
		const context = {stream: 'orders', readOnly: false};
		const confirm = submitShardDialog(dialog, context);
		expect('dialog' in confirm && confirm.dialog.kind).toBe('confirm');
		const request = 'dialog' in confirm ? submitShardDialog(confirm.dialog, context) : confirm;
		expect(request).toEqual({
			request: {
				type: 'split',
				stream: 'orders',
				shardId: id(3),
				newStartingHashKey: shard.split!.hashKey,
			},
		});
		state = capacityViewReducer(state, {type: 'closeDialog'});
		expect(state.dialog).toBeUndefined();
	});
});

describe('wrapText', () => {
	it('breaks at spaces, cuts a word longer than a line', () => {
		expect(wrapText('one two three', 7)).toEqual(['one two', 'three']);
		expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
		expect(wrapText('', 4)).toEqual(['']);
		expect(wrapText('日本語', 1)).toEqual(['日', '本', '語']);
	});
});
