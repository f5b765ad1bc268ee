/**
 * The frame's own state: which pane has the keys, whether it is zoomed to the whole screen, whether
 * help is open. A reducer, tested without Ink.
 */
export const PANES = ['streams', 'shards', 'tail', 'put'] as const;

export type PaneId = (typeof PANES)[number];

export type AppState = {focus: PaneId; zoomed: boolean; help: boolean};

export type AppAction =
	| {type: 'focus'; pane: PaneId}
	| {type: 'focusNext'}
	| {type: 'focusPrevious'}
	| {type: 'toggleZoom'}
	| {type: 'toggleHelp'}
	| {type: 'closeHelp'};

export const initialAppState: AppState = {focus: 'streams', zoomed: false, help: false};

export function appReducer(state: AppState, action: AppAction): AppState {
	switch (action.type) {
		case 'focus': {
			return {...state, focus: action.pane};
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
	}
}

function paneAfter(pane: PaneId, step: number): PaneId {
	const index = PANES.indexOf(pane);
	return PANES[(index + step + PANES.length) % PANES.length] as PaneId;
}
