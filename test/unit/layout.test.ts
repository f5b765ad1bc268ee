import {describe, expect, it} from 'vitest';
import {layoutFor, MIN_COLUMNS, MIN_ROWS} from '../../source/ui/layout.js';

describe('layout', () => {
	it('fills the terminal but its last row, panes side by side', () => {
		const layout = layoutFor(120, 40);
		if (!layout.fits) {
			throw new Error('120×40 should fit');
		}
		expect(layout.height).toBe(39);
		const {streams, shards, tail, put} = layout.panes;
		expect(streams.width + tail.width).toBe(120);
		expect(streams.height + shards.height).toBe(37);
		expect(tail.height + put.height).toBe(37);
		expect(shards.width).toBe(streams.width);
	});

	it('says when the terminal is too small', () => {
		expect(layoutFor(MIN_COLUMNS - 1, 40).fits).toBe(false);
		expect(layoutFor(100, MIN_ROWS - 1).fits).toBe(false);
		expect(layoutFor(MIN_COLUMNS, MIN_ROWS).fits).toBe(true);
	});
});
