import type {ActionDialog} from '../action-dialog/action-dialog-state.js';
import {emptyWindow, type ListWindow} from '../list-window.js';
import type {ConsumerPurpose} from './consumer-dialogs.js';

/**
 * What the consumers view remembers between frames: where its rows are scrolled to, the
 * deregistration dialog while it is open, and a refusal to show (a write under --read-only).
 */
export type ConsumersViewState = {
	window: ListWindow;
	dialog?: ActionDialog<ConsumerPurpose>;
	refusal?: string;
};

export type ConsumersViewAction =
	| {type: 'moveWindow'; window: ListWindow}
	| {type: 'showDialog'; dialog: ActionDialog<ConsumerPurpose>}
	| {type: 'closeDialog'}
	| {type: 'refuse'; reason: string};

export const initialConsumersViewState: ConsumersViewState = {window: emptyWindow};

export function consumersViewReducer(
	state: ConsumersViewState,
	action: ConsumersViewAction,
): ConsumersViewState {
	switch (action.type) {
		case 'moveWindow': {
			// Moving on is reading on: a refusal said once is not repeated under every row.
			return {...state, window: action.window, refusal: undefined};
		}
		case 'showDialog': {
			return {...state, dialog: action.dialog, refusal: undefined};
		}
		case 'closeDialog': {
			return {...state, dialog: undefined};
		}
		case 'refuse': {
			return {...state, refusal: action.reason};
		}
	}
}
