import {matches} from './keymap.js';
import type {KeyTable} from './key-table.js';
import {editLine} from './text-edit.js';

/** A list's filter line: what is typed, where its cursor is, and whether the line has the keys. */
export type FilterState = {filter: string; filterCursor: number; filtering: boolean};

export type FilterAction =
	| {type: 'startFilter'}
	| {type: 'editFilter'; text: string; cursor: number}
	| {type: 'acceptFilter'}
	| {type: 'clearFilter'};

export const noFilter: FilterState = {filter: '', filterCursor: 0, filtering: false};

export function filterReducer(state: FilterState, action: FilterAction): FilterState {
	switch (action.type) {
		case 'startFilter': {
			return {...state, filtering: true};
		}
		case 'editFilter': {
			return {...state, filter: action.text, filterCursor: action.cursor};
		}
		case 'acceptFilter': {
			return {...state, filtering: false};
		}
		case 'clearFilter': {
			return noFilter;
		}
	}
}

export type FilterKeyContext = {filter: FilterState; dispatch: (action: FilterAction) => void};

/** The keys while the filter line has them: esc clears it, enter keeps it, the rest edit it. */
export const filterKeys: KeyTable<FilterKeyContext> = {
	actions: [
		{command: 'back', hint: 'clear', run: ({dispatch}) => dispatch({type: 'clearFilter'})},
		{
			command: 'open',
			hint: 'keep the filter',
			run: ({dispatch}) => dispatch({type: 'acceptFilter'}),
		},
	],
	rest(input, key, {filter, dispatch}) {
		const edit = editLine({text: filter.filter, cursor: filter.filterCursor}, input, key);
		if (edit) {
			dispatch({type: 'editFilter', text: edit.text, cursor: edit.cursor});
		}
		// The line keeps every key but tab, which still moves to the next pane.
		return !matches('nextPane', input, key) && !matches('previousPane', input, key);
	},
};
