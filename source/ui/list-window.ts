import {clamp} from '../lib/clamp.js';
import type {KeyAction} from './key-table.js';
import type {Motion} from './keymap.js';

/**
 * The selection and scroll position of a live list, kept by key rather than by index: when rows are
 * added or removed around it the selected row stays selected, and when it disappears the selection
 * stays where it was. Pure functions, so any pane's list can use them and tests need no terminal.
 */
export type ListWindow = {
	selectedKey?: string;
	/** Where the selection was last seen: the fallback when its row has gone. */
	index: number;
	/** The first row on screen. */
	offset: number;
};

export const emptyWindow: ListWindow = {index: 0, offset: 0};

export type ResolvedWindow = {
	/** -1 when the list is empty. */
	index: number;
	offset: number;
	selectedKey?: string;
};

/** Where the selection and the window are now, for this list and this many rows. */
export function resolveWindow(
	state: ListWindow,
	keys: readonly string[],
	height: number,
): ResolvedWindow {
	if (keys.length === 0) {
		return {index: -1, offset: 0};
	}
	const found = state.selectedKey === undefined ? -1 : keys.indexOf(state.selectedKey);
	const index = found >= 0 ? found : clamp(state.index, 0, keys.length - 1);
	const rows = Math.max(1, height);
	const offset = clamp(state.offset, Math.max(0, index - rows + 1), index);
	return {
		index,
		offset: clamp(offset, 0, Math.max(0, keys.length - rows)),
		selectedKey: keys[index],
	};
}

/** Moves the selection by `delta` rows (negative is up), scrolling only as far as needed. */
export function moveBy(
	state: ListWindow,
	keys: readonly string[],
	height: number,
	delta: number,
): ListWindow {
	const current = resolveWindow(state, keys, height);
	if (current.index < 0) {
		return state;
	}
	return select(keys, height, clamp(current.index + delta, 0, keys.length - 1), current.offset);
}

export function moveToEnd(
	state: ListWindow,
	keys: readonly string[],
	height: number,
	end: 'first' | 'last',
): ListWindow {
	if (keys.length === 0) {
		return state;
	}
	const current = resolveWindow(state, keys, height);
	return select(keys, height, end === 'first' ? 0 : keys.length - 1, current.offset);
}

function select(
	keys: readonly string[],
	height: number,
	index: number,
	offset: number,
): ListWindow {
	const resolved = resolveWindow({selectedKey: keys[index], index, offset}, keys, height);
	return {selectedKey: resolved.selectedKey, index: resolved.index, offset: resolved.offset};
}

/** A list moved as a key asks (see motionOf): a row, a page, or to an end. */
export function moveByKey(
	state: ListWindow,
	keys: readonly string[],
	height: number,
	moved: Motion,
): ListWindow {
	switch (moved) {
		case 'up': {
			return moveBy(state, keys, height, -1);
		}
		case 'down': {
			return moveBy(state, keys, height, 1);
		}
		case 'pageUp': {
			return moveBy(state, keys, height, -Math.max(1, height));
		}
		case 'pageDown': {
			return moveBy(state, keys, height, Math.max(1, height));
		}
		case 'top': {
			return moveToEnd(state, keys, height, 'first');
		}
		case 'bottom': {
			return moveToEnd(state, keys, height, 'last');
		}
	}
}

/**
 * The six motions of a list as key actions of a table: each moves the window as its key asks. The
 * status bar names them once, by the down key, as `hint`.
 */
export function motionActions<C>(
	move: (context: C, motion: Motion) => void,
	hint = 'move',
): Array<KeyAction<C>> {
	const motions: Array<[Motion, string | undefined]> = [
		['down', hint],
		['up', undefined],
		['pageDown', undefined],
		['pageUp', undefined],
		['top', undefined],
		['bottom', undefined],
	];
	return motions.map(([motion, hint]) => ({
		command: motion,
		hint,
		run: (context) => move(context, motion),
	}));
}
