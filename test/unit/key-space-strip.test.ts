import {describe, expect, it} from 'vitest';
import {MAX_HASH_KEY} from '../../source/model/hash-keys.js';
import {keySpaceStrip, STRIP_CELLS} from '../../source/model/key-space-strip.js';

describe('the key space as a strip of traffic', () => {
	it('cuts the space into equal cells that cover it without gaps', () => {
		const strip = keySpaceStrip([]);
		expect(strip).toHaveLength(STRIP_CELLS);
		expect(strip[0]?.start).toBe(0n);
		expect(strip.at(-1)?.end).toBe(MAX_HASH_KEY);
		for (const [index, cell] of strip.entries()) {
			expect(cell.end - cell.start + 1n).toBe(2n ** 122n);
			if (index > 0) {
				expect(cell.start).toBe(strip[index - 1]!.end + 1n);
			}
		}
	});

	it('puts each key’s traffic in the cell that holds its hash key', () => {
		const strip = keySpaceStrip(
			[
				{hashKey: 0n, records: 1, bytes: 10},
				{hashKey: 2n ** 122n - 1n, records: 2, bytes: 20},
				{hashKey: 2n ** 122n, records: 4, bytes: 40},
				{hashKey: MAX_HASH_KEY, records: 8, bytes: 80},
			],
			64,
		);
		expect(strip[0]).toMatchObject({records: 3, bytes: 30});
		expect(strip[1]).toMatchObject({records: 4, bytes: 40});
		expect(strip[63]).toMatchObject({records: 8, bytes: 80});
		expect(strip.reduce((sum, cell) => sum + cell.records, 0)).toBe(15);
	});
});
