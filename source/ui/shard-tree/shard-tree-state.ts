import type {ActionDialog} from '../action-dialog/action-dialog-state.js';
import {emptyWindow, type ListWindow} from '../list-window.js';
import type {ShardPurpose} from './shard-actions.js';

/** What the shard tree pane remembers between frames: the selection, the view, an open dialog. */
export type ShardTreeViewState = {
	window: ListWindow;
	/** Only the open shards, in key order, instead of the whole tree. */
	openOnly: boolean;
	/** The selected shard's ranges in full, in place of the tree. */
	details: boolean;
	dialog?: ActionDialog<ShardPurpose>;
};

export type ShardTreeAction =
	| {type: 'moveWindow'; window: ListWindow}
	| {type: 'toggleOpenOnly'}
	| {type: 'showDetails'; show: boolean}
	| {type: 'showDialog'; dialog: ActionDialog<ShardPurpose>}
	| {type: 'closeDialog'};

export const initialShardTreeState: ShardTreeViewState = {
	window: emptyWindow,
	openOnly: false,
	details: false,
};

export function shardTreeReducer(
	state: ShardTreeViewState,
	action: ShardTreeAction,
): ShardTreeViewState {
	switch (action.type) {
		case 'moveWindow': {
			return {...state, window: action.window};
		}
		case 'toggleOpenOnly': {
			// The selected shard stays selected if it is open; a row key is its shard id either way.
			const selectedKey = state.window.selectedKey?.split('<')[0];
			return {...state, openOnly: !state.openOnly, window: {...state.window, selectedKey}};
		}
		case 'showDetails': {
			return {...state, details: action.show};
		}
		case 'showDialog': {
			return {...state, dialog: action.dialog};
		}
		case 'closeDialog': {
			return {...state, dialog: undefined};
		}
	}
}
