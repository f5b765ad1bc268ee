import {describe, expect, it} from 'vitest';
import {hexBytesPerRow, hexDump} from '../../source/format/hex.js';
import {toTailRecord} from '../../source/services/tail/tail-service.js';
import {fieldRows, headRows} from '../../source/ui/tail/record-detail.js';
import {dataLines} from '../../source/ui/tail/record-lines.js';

const sequenceNumber = `4960${'1'.repeat(52)}`;
const record = toTailRecord(
	{
		shardId: 'shardId-000000000001',
		sequenceNumber,
		partitionKey: 'k',
		approximateArrivalTimestamp: new Date('2026-12-06T10:00:00.000Z'),
		data: new Uint8Array(40).map((_, index) => index + 60),
	},
	1,
);

describe('a record opened in a narrow pane', () => {
	it('breaks a long value over the rows below its label, never cutting it', () => {
		const wide = fieldRows(record, 120);
		expect(wide).toContainEqual(['sequence', sequenceNumber]);
		const narrow = fieldRows(record, 44);
		const at = narrow.findIndex(([label]) => label === 'sequence');
		expect(narrow[at]![1] + narrow[at + 1]![1]).toBe(sequenceNumber);
		expect(narrow[at + 1]![0]).toBe('');
		expect(headRows(record, 44)).toBe(headRows(record, 120) + 1);
	});

	it('keeps the hex dump’s ASCII column on its line: fewer bytes a row where there is less room', () => {
		expect(hexBytesPerRow(120)).toBe(16);
		expect(hexBytesPerRow(60)).toBe(8);
		expect(hexBytesPerRow(40)).toBe(4);
		for (const width of [120, 60, 40]) {
			const {lines} = dataLines(
				new Uint8Array([0, 1, 2, 0xff, ...new Uint8Array(40)]),
				'hex',
				width,
			);
			for (const line of lines) {
				const text = line.map((segment) => segment.text).join('');
				expect(text.length).toBeLessThanOrEqual(width);
				expect(text).toMatch(/\|[^|]*\|$/);
			}
		}
		expect(hexDump(new TextEncoder().encode('abcdefgh'), Number.POSITIVE_INFINITY, 4)).toEqual([
			'00000000  61 62  63 64  |abcd|',
			'00000004  65 66  67 68  |efgh|',
		]);
	});
});
