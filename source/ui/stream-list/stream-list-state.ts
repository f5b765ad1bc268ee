import type {StreamListing} from '../../model/stream.js';
import type {ActionDialog} from '../action-dialog/action-dialog-state.js';
import {type FilterAction, type FilterState, filterReducer, noFilter} from '../filter-state.js';
import {emptyWindow, type ListWindow} from '../list-window.js';
import type {StreamPurpose} from './stream-forms.js';

/** What the stream list pane remembers between frames: the selection, the scroll, the filter. */
export type StreamListViewState = FilterState & {
	window: ListWindow;
	/** A management action's menu, form or confirmation, with the keys while it is open. */
	dialog?: ActionDialog<StreamPurpose>;
};

export type StreamListAction =
	| FilterAction
	| {type: 'moveWindow'; window: ListWindow}
	| {type: 'showDialog'; dialog: ActionDialog<StreamPurpose>}
	| {type: 'closeDialog'};

export const initialStreamListState: StreamListViewState = {...noFilter, window: emptyWindow};

export function streamListReducer(
	state: StreamListViewState,
	action: StreamListAction,
): StreamListViewState {
	switch (action.type) {
		case 'moveWindow': {
			return {...state, window: action.window};
		}
		case 'showDialog': {
			return {...state, dialog: action.dialog};
		}
		case 'closeDialog': {
			return {...state, dialog: undefined};
		}
		case 'editFilter': {
			// The selection stays if it still matches; otherwise the first match is selected.
			return {
				...state,
				...filterReducer(state, action),
				window: {...state.window, index: 0, offset: 0},
			};
		}
		default: {
			return {...state, ...filterReducer(state, action)};
		}
	}
}

/** The streams whose name holds the filter, ignoring case. */
export function filterStreams(
	streams: readonly StreamListing[],
	filter: string,
): readonly StreamListing[] {
	const needle = filter.trim().toLowerCase();
	return needle ? streams.filter((stream) => stream.name.toLowerCase().includes(needle)) : streams;
}
