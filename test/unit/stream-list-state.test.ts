import {describe, expect, it} from 'vitest';
import {moveBy, resolveWindow} from '../../source/ui/list-window.js';
import {
	filterStreams,
	initialStreamListState,
	streamListReducer,
} from '../../source/ui/stream-list/stream-list-state.js';

const streams = ['app-logs', 'clickstream', 'orders', 'Click-Archive'].map((name) => ({name}));

describe('stream list view state', () => {
	it('filters by name, ignoring case', () => {
		expect(filterStreams(streams, 'click').map((stream) => stream.name)).toEqual([
			'clickstream',
			'Click-Archive',
		]);
		expect(filterStreams(streams, '  ')).toBe(streams);
		expect(filterStreams(streams, 'nothing')).toEqual([]);
	});

	it('edits, accepts and clears the filter', () => {
		let state = streamListReducer(initialStreamListState, {type: 'startFilter'});
		expect(state).toMatchObject({filtering: true, filter: ''});
		state = streamListReducer(state, {type: 'editFilter', text: 'ord', cursor: 3});
		state = streamListReducer(state, {type: 'acceptFilter'});
		expect(state).toMatchObject({filtering: false, filter: 'ord'});
		state = streamListReducer(state, {type: 'clearFilter'});
		expect(state).toMatchObject({filtering: false, filter: ''});
	});

	it('keeps the selection through a filter that still shows it, else selects the first match', () => {
		const keys = streams.map((stream) => stream.name);
		let state = streamListReducer(initialStreamListState, {
			type: 'moveWindow',
			window: moveBy(initialStreamListState.window, keys, 5, 1),
		});
		expect(resolveWindow(state.window, keys, 5).selectedKey).toBe('clickstream');
		state = streamListReducer(state, {type: 'editFilter', text: 'click', cursor: 5});
		const clicks = filterStreams(streams, 'click').map((stream) => stream.name);
		expect(resolveWindow(state.window, clicks, 5).selectedKey).toBe('clickstream');
		state = streamListReducer(state, {type: 'editFilter', text: 'orders', cursor: 6});
		expect(resolveWindow(state.window, ['orders'], 5).selectedKey).toBe('orders');
	});
});
