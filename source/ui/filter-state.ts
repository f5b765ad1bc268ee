import {matches} from './keymap.js';
import type {KeyTable} from './key-table.js';
import {editText} from './text-edit.js';

/** A list's filter line: what is typed, and whether the line has the keys. */
export type FilterState = {filter: string; filtering: boolean};

export type FilterAction =
	| {type: 'startFilter'}
	| {type: 'editFilter'; text: string}
	| {type: 'acceptFilter'}
	| {type: 'clearFilter'};

export const noFilter: FilterState = {filter: '', filtering: false};

export function filterReducer(state: FilterState, action: FilterAction): FilterState {
	switch (action.type) {
		case 'startFilter': {
			return {...state, filtering: true};
		}
		case 'editFilter': {
			return {...state, filter: action.text};
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

/** The keys while the filter line has them: esc clears it, enter keeps it, the rest is typed. */
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
		const text = editText(filter.filter, input, key);
		if (text !== undefined) {
			dispatch({type: 'editFilter', text});
		}
		// The line keeps every key but tab, which still moves to the next pane.
		return !matches('nextPane', input, key) && !matches('previousPane', input, key);
	},
};
