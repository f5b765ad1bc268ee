import {describe, expect, it} from 'vitest';
import {appReducer, initialAppState} from '../../source/ui/app-state.js';

describe('frame state', () => {
	it('moves the focus around the four panes, both ways, and straight to one', () => {
		let state = appReducer(initialAppState, {type: 'focusNext'});
		expect(state.focus).toBe('shards');
		state = appReducer(appReducer(state, {type: 'focusNext'}), {type: 'focusNext'});
		expect(state.focus).toBe('put');
		expect(appReducer(state, {type: 'focusNext'}).focus).toBe('streams');
		expect(appReducer(initialAppState, {type: 'focusPrevious'}).focus).toBe('put');
		expect(appReducer(initialAppState, {type: 'focus', pane: 'tail'}).focus).toBe('tail');
	});

	it('opens and closes the help', () => {
		const open = appReducer(initialAppState, {type: 'toggleHelp'});
		expect(open.help).toBe(true);
		expect(appReducer(open, {type: 'closeHelp'}).help).toBe(false);
	});
});
