import {percent} from '../../format/capacity-text.js';
import type {CapacityReport, ShardCapacity} from '../../model/capacity.js';
import type {ActionDialog} from '../action-dialog/action-dialog-state.js';
import {emptyWindow, type ListWindow, resolveWindow} from '../list-window.js';
import {splitForm, type ShardPurpose} from '../shard-tree/shard-actions.js';
import type {CapacityRow} from './capacity-rows.js';

/**
 * What the capacity view remembers between frames: how far it is scrolled (the row at the top, by
 * its key, so a new measurement keeps the place) and the split dialog it opened. Pure, tested
 * without Ink.
 */
export type CapacityViewState = {
	/** The selection of this window is the row at the top of the screen. */
	scroll: ListWindow;
	dialog?: ActionDialog<ShardPurpose>;
};

export type CapacityViewAction =
	| {type: 'scroll'; scroll: ListWindow}
	| {type: 'showDialog'; dialog: ActionDialog<ShardPurpose>}
	| {type: 'closeDialog'};

export const initialCapacityViewState: CapacityViewState = {scroll: emptyWindow};

export function capacityViewReducer(
	state: CapacityViewState,
	action: CapacityViewAction,
): CapacityViewState {
	switch (action.type) {
		case 'scroll': {
			return {...state, scroll: action.scroll};
		}
		case 'showDialog': {
			return {...state, dialog: action.dialog};
		}
		case 'closeDialog': {
			return {...state, dialog: undefined};
		}
	}
}

/**
 * The rows that can be at the top of `height` rows: scrolling stops where the last row reaches the
 * bottom, so the screen is never half empty.
 */
export function scrollStops(rows: readonly CapacityRow[], height: number): string[] {
	return rows.slice(0, Math.max(1, rows.length - Math.max(1, height) + 1)).map((row) => row.key);
}

/** The index of the row at the top of the screen. */
export function topRow(state: CapacityViewState, stops: readonly string[], height: number): number {
	return Math.max(0, resolveWindow(state.scroll, stops, height).index);
}

/**
 * The shard a split is offered for now: of the shards with a split, the first whose rows reach the
 * screen's top or lie below it (the one read last when scrolled past them all).
 */
export function offeredSplit(
	report: CapacityReport | undefined,
	rows: readonly CapacityRow[],
	top: number,
): ShardCapacity | undefined {
	const splits = report?.shards.filter((shard) => shard.split && shard.hashKeyRange) ?? [];
	const lastRow = (shardId: string) => rows.findLastIndex((row) => row.shardId === shardId);
	return splits.find((shard) => lastRow(shard.shardId) >= top) ?? splits.at(-1);
}

/** The shard tree's split form for the shard, filled in with the hash key where its traffic halves. */
export function splitDialog(shard: ShardCapacity): ActionDialog<ShardPurpose> | undefined {
	const {split, hashKeyRange} = shard;
	return split && hashKeyRange
		? splitForm(
				{shardId: shard.shardId, hashKeyRange},
				split.hashKey,
				`where its traffic halves as measured: ${percent(split.lowerShare)} of its records below`,
			)
		: undefined;
}
