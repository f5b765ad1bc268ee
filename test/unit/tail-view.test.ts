import {describe, expect, it} from 'vitest';
import type {KinesisRecord} from '../../source/model/records.js';
import {createRing} from '../../source/lib/ring-buffer.js';
import {type TailRecord, toTailRecord} from '../../source/services/tail/tail-service.js';
import type {ShardStatus} from '../../source/services/tail/tailer.js';
import {
	arrayList,
	matcherOf,
	moveSelection,
	resolveTailWindow,
	ringList,
} from '../../source/ui/tail/record-list.js';
import {dataLines, wrapSegments} from '../../source/ui/tail/record-lines.js';
import {tailRow, rowColumns, shortSequence} from '../../source/ui/tail/tail-rows.js';
import {
	overallState,
	orderText,
	shardSummary,
	slowCall,
	sparkline,
} from '../../source/ui/tail/tail-status-text.js';
import {exactBytes} from '../../source/format/bytes.js';
import {shortShard} from '../../source/format/shard-text.js';

const encoder = new TextEncoder();

function record(
	id: number,
	data: string | Uint8Array,
	overrides: Partial<KinesisRecord> = {},
): TailRecord {
	return toTailRecord(
		{
			shardId: 'shardId-000000000003',
			sequenceNumber: `4959033827149025660855969253836157109592157598913658${String(id).padStart(4, '0')}`,
			partitionKey: `user-${id}`,
			approximateArrivalTimestamp: new Date(Date.UTC(2024, 4, 1, 12, 0, 0, id)),
			data: typeof data === 'string' ? encoder.encode(data) : data,
			...overrides,
		},
		id,
	);
}

describe('a record as the tail shows it', () => {
	it('is decoded and made safe once, when it arrives', () => {
		const hostile = record(1, '\u001b]0;owned\u0007\u001b[2J\u001b[31mred', {
			partitionKey: 'k\u001b[1A',
		});
		expect(hostile).toMatchObject({
			kind: 'text',
			preview: '␛]0;owned␇␛[2J␛[31mred',
			partitionKey: 'k␛[1A',
		});
		expect(record(2, '{"a": 1}')).toMatchObject({kind: 'json', preview: '{"a": 1}'});
		expect(record(3, Uint8Array.of(0xca, 0xfe, 0xff))).toMatchObject({
			kind: 'bytes',
			preview: 'ca fe ff',
		});
	});

	it('fits a row into the pane: time, shard, short sequence number, key, kind, preview', () => {
		const row = tailRow(record(7, '{"page": "/cart"}'), rowColumns(130));
		expect(row).toBe(`12:00:00.007    3 …6580007   user-7         json     {"page": "/cart"}`);
		// Narrower, the kind and the sequence number give way to the data, which keeps 60 cells.
		expect(rowColumns(100)).toMatchObject({sequence: 0, kind: 0, key: 14, preview: 67});
		expect(tailRow(record(7, '{"page": "/cart"}'), rowColumns(100))).toBe(
			`12:00:00.007    3 user-7         {"page": "/cart"}`,
		);
		// At 56 cells (the tail's at 80 columns), the seconds and a shorter key: the data keeps half.
		expect(rowColumns(56)).toMatchObject({time: 8, key: 10, preview: 31});
		expect(tailRow(record(7, 'x'.repeat(300)), rowColumns(60)).length).toBeLessThanOrEqual(60);
		expect(shortShard('shardId-000000000012')).toBe('12');
		expect(shortShard('custom-shard')).toBe('custom-shard');
		expect(shortSequence('12345', 2)).toBe('12345/2');
	});
});

describe('the filter', () => {
	const records = [
		record(1, '{"level":"ERROR"}'),
		record(2, 'all fine'),
		record(3, 'Error: disk full'),
	];

	it('matches text anywhere in the key or data, ignoring case', () => {
		const {match} = matcherOf('error');
		expect(records.filter((candidate) => match?.(candidate)).map((kept) => kept.id)).toEqual([
			1, 3,
		]);
		expect(
			records.filter((candidate) => matcherOf('USER-2').match?.(candidate)).map((kept) => kept.id),
		).toEqual([2]);
		expect(matcherOf('a.b').match?.(record(4, 'axb'))).toBe(false);
	});

	it('takes a regular expression between slashes, and says when it is not one', () => {
		// ^ and $ work a line at a time: the key is a line, and so is each line of the data.
		const {match} = matcherOf('/^Error/');
		expect(records.filter((candidate) => match?.(candidate)).map((kept) => kept.id)).toEqual([3]);
		expect(matcherOf('/^error/i').match?.(records[2] as TailRecord)).toBe(true);
		expect(matcherOf('/(unclosed/').error).toMatch(/^Not a regular expression: /);
		expect(matcherOf('  ')).toEqual({});
	});

	it('takes path=value terms as tail --where does, with text or a regex beside them', () => {
		expect(records.filter((candidate) => matcherOf('level=ERROR').match?.(candidate))).toEqual([
			records[0],
		]);
		expect(matcherOf('level=ERROR /^user-3$/').match?.(records[0] as TailRecord)).toBe(false);
		expect(matcherOf('level="open').error).toMatch(/opens a quote it does not close/);
	});
});

describe('the window over the records', () => {
	const ring = createRing<TailRecord>(100);
	for (let id = 1; id <= 50; id++) {
		ring.push(record(id, `r${id}`));
	}
	const list = ringList(ring);

	it('follows the newest record', () => {
		expect(resolveTailWindow({follow: true}, list, 10)).toEqual({selectedIndex: 49, offset: 40});
	});

	it('holds a chosen record and the rows around it still while records arrive', () => {
		const up = moveSelection({follow: true}, list, 10, -3);
		expect(up).toEqual({id: 47, topId: 41, follow: false});
		const grown = createRing<TailRecord>(100);
		for (let id = 1; id <= 60; id++) {
			grown.push(record(id, `r${id}`));
		}
		expect(
			resolveTailWindow(
				{follow: up.follow, selectedId: up.id, topId: up.topId},
				ringList(grown),
				10,
			),
		).toEqual({selectedIndex: 46, offset: 40});
	});

	it('follows again once moved down to the newest', () => {
		expect(moveSelection({follow: false, selectedId: 48, topId: 41}, list, 10, 5)).toEqual({
			follow: true,
		});
	});

	it('falls back to the oldest kept once the chosen record has left the buffer', () => {
		const small = createRing<TailRecord>(5);
		for (let id = 1; id <= 20; id++) {
			small.push(record(id, `r${id}`));
		}
		expect(resolveTailWindow({follow: false, selectedId: 3, topId: 2}, ringList(small), 3)).toEqual(
			{
				selectedIndex: 0,
				offset: 0,
			},
		);
	});

	it('finds records by id in a filtered list', () => {
		const kept = arrayList([record(2, 'a'), record(5, 'b'), record(9, 'c')]);
		expect([kept.indexOf(1), kept.indexOf(5), kept.indexOf(6), kept.indexOf(10)]).toEqual([
			0, 1, 2, 3,
		]);
		expect(resolveTailWindow({follow: true}, arrayList([]), 5)).toEqual({
			selectedIndex: -1,
			offset: 0,
		});
	});
});

describe('the status of the tail', () => {
	it('draws records a second as bars', () => {
		expect(sparkline([0, 1, 2, 4, 8], 5)).toBe(' ▁▂▄█');
		expect(sparkline([3, 3], 10)).toBe('██');
		expect(sparkline([5, 0, 5], 2)).toBe(' █');
	});

	it("sums the shards up: the worst state, each shard's lag", () => {
		const shards = new Map<string, ShardStatus>([
			['shardId-000000000001', {state: 'caught-up', records: 4, millisBehindLatest: 0}],
			['shardId-000000000002', {state: 'throttled', records: 1, millisBehindLatest: 4200}],
			['shardId-000000000003', {state: 'waiting', records: 0}],
			['shardId-000000000000', {state: 'done', records: 9}],
		]);
		expect(overallState(shards)).toBe('throttled');
		expect(shardSummary(shards)).toBe(
			'1: 0 ms · 2: throttled 4.2 s · 1 waiting for parents · 1 closed and read',
		);
		expect(overallState(new Map([['a', {state: 'done', records: 0}]]))).toBe('all read');
	});

	it('names the call it has waited on longest, once one is slow to answer', () => {
		const shards = new Map<string, ShardStatus>([
			['shardId-000000000001', {state: 'caught-up', records: 4}],
			['shardId-000000000002', {state: 'reading', records: 1, waitingSince: 5_000}],
			['shardId-000000000003', {state: 'retrying', records: 0, waitingSince: 2_000}],
		]);
		expect(slowCall(shards, 14_500)).toBe('waiting 12 s for shard 3 and 1 more');
		shards.delete('shardId-000000000003');
		expect(slowCall(shards, 14_500)).toBe('waiting 9 s for shard 2');
		shards.delete('shardId-000000000002');
		expect(slowCall(shards, 14_500)).toBeUndefined();
	});

	it('says what it holds back to keep the shards in time order, and what came late', () => {
		expect(orderText({holding: {records: 1204, shardId: 'shardId-000000000003'}})).toBe(
			'holding back 1,204 · waiting for shard 3',
		);
		expect(orderText({holding: {records: 12, shardId: 'shardId-000000000003'}, late: 7})).toBe(
			'holding back 12 · waiting for shard 3 · 7 listed late',
		);
		expect(orderText({late: 1})).toBe('1 listed late');
		expect(orderText({})).toBe('');
	});
});

describe('a record opened whole', () => {
	it('shows JSON pretty, text as lines, bytes as hex or base64', () => {
		expect(
			dataLines(encoder.encode('{"a":[1]}'), 'hex').lines.map((line) =>
				line.map((segment) => segment.text).join(''),
			),
		).toEqual(['{', '  "a": [', '    1', '  ]', '}']);
		expect(
			dataLines(encoder.encode('one\ntwo\u001b[2J'), 'hex')
				.lines.flat()
				.map((segment) => segment.text),
		).toEqual(['one', 'two␛[2J']);
		const bytes = Uint8Array.of(0xde, 0xad, 0xbe, 0xef);
		expect(dataLines(bytes, 'hex')).toMatchObject({
			about: 'bytes as hex',
			lines: [[{text: expect.stringMatching(/^00000000 {2}de ad be ef/)}]],
		});
		expect(dataLines(bytes, 'base64')).toEqual({
			about: 'bytes as base64',
			lines: [[{text: '3q2+7w=='}]],
		});
	});

	it('says how much is not shown of a very long record', () => {
		const {lines} = dataLines(encoder.encode('x\n'.repeat(6000)), 'hex');
		expect(lines).toHaveLength(5001);
		expect(lines.at(-1)?.[0]?.text).toMatch(/^… \(1001 more lines/);
	});

	it('wraps long lines at the width, wide characters counted as two cells', () => {
		expect(wrapSegments([{text: 'abcdef', tone: 'string'}, {text: 'gh'}], 4)).toEqual([
			[{text: 'abcd', tone: 'string'}],
			[{text: 'ef', tone: 'string'}, {text: 'gh'}],
		]);
		expect(wrapSegments([{text: '日本語です'}], 4)).toEqual([
			[{text: '日本'}],
			[{text: '語で'}],
			[{text: 'す'}],
		]);
		expect(wrapSegments([], 4)).toEqual([[]]);
		expect(exactBytes(194)).toBe('194 bytes');
		expect(exactBytes(1234)).toBe('1.2 KiB (1,234 bytes)');
	});
});
