import {describe, expect, it} from 'vitest';
import {PANES, type PaneId} from '../../source/ui/app-state.js';
import {paneContentSize} from '../../source/ui/components/pane.js';
import {layoutFor, MIN_COLUMNS, MIN_ROWS, type Size} from '../../source/ui/layout.js';
import {rowColumns} from '../../source/ui/tail/tail-rows.js';

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

describe('room where the work is', () => {
	const fit = (columns: number, rows: number, focus: PaneId, zoomed = false) => {
		const layout = layoutFor(columns, rows, {focus, zoomed});
		if (!layout.fits) {
			throw new Error(`${columns}×${rows} should fit`);
		}
		return layout;
	};
	const dataWidth = (size: Size) => rowColumns(paneContentSize(size).width).preview;

	it.each([
		[80, 24],
		[120, 35],
		[200, 50],
	])(
		'at %i×%i the focused tail takes most of the width, its data at least half of it',
		(columns, rows) => {
			const {panes} = fit(columns, rows, 'tail');
			expect(panes.tail.width).toBeGreaterThan(columns * 0.7);
			expect(panes.tail.height).toBeGreaterThan(panes.put.height);
			expect(dataWidth(panes.tail)).toBeGreaterThanOrEqual(paneContentSize(panes.tail).width / 2);
		},
	);

	it('shows at least 60 characters of data at 120×35 without zooming', () => {
		expect(dataWidth(fit(120, 35, 'tail').panes.tail)).toBeGreaterThanOrEqual(60);
	});

	it('gives the focused column its room, the other its essentials', () => {
		const streams = fit(120, 35, 'streams').panes;
		expect(streams.streams.width).toBeGreaterThan(streams.tail.width - 1);
		const shards = fit(120, 35, 'shards').panes;
		expect(shards.shards.height).toBeGreaterThan(shards.streams.height);
		// At 200 columns the streams pane takes what its columns need, not half the screen.
		expect(fit(200, 50, 'streams').panes.streams.width).toBeLessThanOrEqual(100);
	});

	it('zooms the focused pane to the whole screen and hides the others', () => {
		const {panes, shown, width, height} = fit(80, 24, 'put', true);
		expect(panes.put).toEqual({width, height: height - 2});
		expect(shown).toEqual({streams: false, shards: false, tail: false, put: true});
	});

	it('keeps every pane at least five rows tall', () => {
		for (const focus of PANES) {
			const {panes} = fit(MIN_COLUMNS, MIN_ROWS, focus);
			expect(Object.values(panes).every((size) => size.height >= 5)).toBe(true);
		}
	});
});
