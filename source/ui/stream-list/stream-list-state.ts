import type {StreamListing} from '../../model/stream.js';
import type {ActionDialog} from '../action-dialog/action-dialog-state.js';
import {emptyWindow, type ListWindow, moveBy, moveToEnd} from '../list-window.js';
import type {StreamPurpose} from './stream-actions.js';

/** What the stream list pane remembers between frames: the selection, the scroll, the filter. */
export type StreamListViewState = {
	window: ListWindow;
	filter: string;
	/** The filter line has the keys. */
	filtering: boolean;
	/** A management action's menu, form or confirmation, with the keys while it is open. */
	dialog?: ActionDialog<StreamPurpose>;
};

export type StreamListAction =
	| {type: 'move'; delta: number; keys: readonly string[]; height: number}
	| {type: 'jump'; end: 'first' | 'last'; keys: readonly string[]; height: number}
	| {type: 'startFilter'}
	| {type: 'editFilter'; text: string}
	| {type: 'acceptFilter'}
	| {type: 'clearFilter'}
	| {type: 'showDialog'; dialog: ActionDialog<StreamPurpose>}
	| {type: 'closeDialog'};

export const initialStreamListState: StreamListViewState = {
	window: emptyWindow,
	filter: '',
	filtering: false,
};

export function streamListReducer(
	state: StreamListViewState,
	action: StreamListAction,
): StreamListViewState {
	switch (action.type) {
		case 'move': {
			return {...state, window: moveBy(state.window, action.keys, action.height, action.delta)};
		}
		case 'jump': {
			return {...state, window: moveToEnd(state.window, action.keys, action.height, action.end)};
		}
		case 'startFilter': {
			return {...state, filtering: true};
		}
		case 'editFilter': {
			// The selection stays if it still matches; otherwise the first match is selected.
			return {...state, filter: action.text, window: {...state.window, index: 0, offset: 0}};
		}
		case 'acceptFilter': {
			return {...state, filtering: false};
		}
		case 'clearFilter': {
			return {...state, filter: '', filtering: false};
		}
		case 'showDialog': {
			return {...state, dialog: action.dialog};
		}
		case 'closeDialog': {
			return {...state, dialog: undefined};
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
