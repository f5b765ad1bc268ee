import type {PaneId} from './app-state.js';

/**
 * Where each pane goes for a terminal of this size. The focused pane gets the room it needs and the
 * others shrink to their essentials (as lazygit's focused panel grows); zoomed, it has the whole
 * screen. The frame is one row shorter than the terminal: a frame as tall as the screen makes it
 * scroll and flicker on every redraw (ink issue 450).
 */
export type Size = {width: number; height: number};

export type Layout =
	| {
			fits: true;
			width: number;
			height: number;
			panes: Record<PaneId, Size>;
			/** The panes on screen: all four, or the zoomed one. The others stay mounted, hidden. */
			shown: Record<PaneId, boolean>;
	  }
	| {fits: false; width: number; height: number};

export const MIN_COLUMNS = 72;
export const MIN_ROWS = 18;

/** The header and the status bar take a row each. */
const CHROME_ROWS = 2;

/** The left column (streams, shards) when it has the focus: room for every stream column. */
const LEFT_FOCUSED = {share: 0.5, min: 40, max: 100};
/** The left column when the right one has the focus: the stream names, the shard ids. */
const LEFT_NARROW = {share: 0.22, min: 22, max: 44};
/** The focused pane's share of its column's rows; the other keeps at least MIN_PANE_ROWS. */
const FOCUSED_ROWS = 0.65;
const MIN_PANE_ROWS = 5;
/** How a column splits its rows while neither of its panes has the focus. */
const RESTING_ROWS = {streams: 0.55, tail: 0.62};

export type LayoutState = {focus: PaneId; zoomed: boolean};

export function layoutFor(
	columns: number,
	rows: number,
	{focus, zoomed}: LayoutState = {focus: 'streams', zoomed: false},
): Layout {
	const width = Math.max(1, columns);
	const height = Math.max(1, rows - 1);
	if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
		return {fits: false, width, height};
	}
	const body = height - CHROME_ROWS;
	if (zoomed) {
		const whole = {width, height: body};
		return {
			fits: true,
			width,
			height,
			panes: {streams: whole, shards: whole, tail: whole, put: whole},
			shown: {
				streams: focus === 'streams',
				shards: focus === 'shards',
				tail: focus === 'tail',
				put: focus === 'put',
			},
		};
	}
	const leftFocused = focus === 'streams' || focus === 'shards';
	const left = columnWidth(width, leftFocused ? LEFT_FOCUSED : LEFT_NARROW);
	const right = width - left;
	const streams = topRows(body, focus, 'streams', 'shards', RESTING_ROWS.streams);
	const tail = topRows(body, focus, 'tail', 'put', RESTING_ROWS.tail);
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
		shown: {streams: true, shards: true, tail: true, put: true},
	};
}

function columnWidth(width: number, {share, min, max}: {share: number; min: number; max: number}) {
	return Math.min(max, Math.max(min, Math.round(width * share)));
}

/** The rows of a column's top pane: most of them when a pane of the column has the focus. */
function topRows(body: number, focus: PaneId, top: PaneId, bottom: PaneId, resting: number) {
	const share = focus === top ? FOCUSED_ROWS : focus === bottom ? 1 - FOCUSED_ROWS : resting;
	const most = body - MIN_PANE_ROWS;
	return Math.min(most, Math.max(MIN_PANE_ROWS, Math.round(body * share)));
}
