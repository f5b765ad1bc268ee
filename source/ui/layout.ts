import type {PaneId} from './app-state.js';

/**
 * Where each pane goes for a terminal of this size. The frame is one row shorter than the terminal:
 * a frame as tall as the screen makes it scroll and flicker on every redraw (ink issue 450).
 */
export type Size = {width: number; height: number};

export type Layout =
	| {fits: true; width: number; height: number; panes: Record<PaneId, Size>}
	| {fits: false; width: number; height: number};

export const MIN_COLUMNS = 72;
export const MIN_ROWS = 18;

/** The header and the status bar take a row each. */
const CHROME_ROWS = 2;

export function layoutFor(columns: number, rows: number): Layout {
	const width = Math.max(1, columns);
	const height = Math.max(1, rows - 1);
	if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
		return {fits: false, width, height};
	}
	const body = height - CHROME_ROWS;
	const left = Math.max(40, Math.floor(width * 0.48));
	const right = width - left;
	const streams = Math.ceil(body * 0.55);
	const tail = Math.ceil(body * 0.62);
	return {
		fits: true,
		width,
		height,
		panes: {
			streams: {width: left, height: streams},
			shards: {width: left, height: body - streams},
			tail: {width: right, height: tail},
			put: {width: right, height: body - tail},
		},
	};
}
