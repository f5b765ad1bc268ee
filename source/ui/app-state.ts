/**
 * The frame's own state: which pane has the keys, whether it is zoomed to the whole screen, whether
 * help is open, which view of the selected stream is open over the panes. A reducer, tested without
 * Ink.
 */
export const PANES = ['streams', 'shards', 'tail', 'put'] as const;

export type PaneId = (typeof PANES)[number];

/** Views of the selected stream that take the whole screen below the header until closed. */
export const VIEWS = ['consumers', 'capacity'] as const;

export type ViewId = (typeof VIEWS)[number];

export type AppState = {focus: PaneId; zoomed: boolean; help: boolean; view?: ViewId};

export type AppAction =
	| {type: 'focus'; pane: PaneId}
	| {type: 'focusNext'}
	| {type: 'focusPrevious'}
	| {type: 'toggleZoom'}
	| {type: 'toggleHelp'}
	| {type: 'closeHelp'}
	| {type: 'openView'; view: ViewId}
	| {type: 'closeView'};

export const initialAppState: AppState = {focus: 'streams', zoomed: false, help: false};

export function appReducer(state: AppState, action: AppAction): AppState {
	switch (action.type) {
		case 'focus': {
			// A pane's key closes the view over it.
			return {...state, focus: action.pane, view: undefined};
		}
		case 'focusNext': {
			return {...state, focus: paneAfter(state.focus, 1)};
		}
		case 'focusPrevious': {
			return {...state, focus: paneAfter(state.focus, -1)};
		}
		case 'toggleZoom': {
			return {...state, zoomed: !state.zoomed};
		}
		case 'toggleHelp': {
			return {...state, help: !state.help};
		}
		case 'closeHelp': {
			return {...state, help: false};
		}
		case 'openView': {
			return {...state, view: action.view, help: false};
		}
		case 'closeView': {
			return {...state, view: undefined};
		}
	}
}

function paneAfter(pane: PaneId, step: number): PaneId {
	const index = PANES.indexOf(pane);
	return PANES[(index + step + PANES.length) % PANES.length] as PaneId;
}
