import {describe, expect, it} from 'vitest';
import {emptyWindow, moveBy, moveToEnd, resolveWindow} from '../../source/ui/list-window.js';

const names = (count: number) => Array.from({length: count}, (_, index) => `stream-${index}`);

describe('list window', () => {
	it('starts on the first row and is empty for an empty list', () => {
		expect(resolveWindow(emptyWindow, [], 5)).toEqual({index: -1, offset: 0});
		expect(resolveWindow(emptyWindow, names(3), 5)).toEqual({
			index: 0,
			offset: 0,
			selectedKey: 'stream-0',
		});
	});

	it('scrolls only as far as needed to keep the selection on screen', () => {
		const keys = names(20);
		let state = moveBy(emptyWindow, keys, 5, 4);
		expect(resolveWindow(state, keys, 5)).toMatchObject({index: 4, offset: 0});
		state = moveBy(state, keys, 5, 1);
		expect(resolveWindow(state, keys, 5)).toMatchObject({index: 5, offset: 1});
		state = moveBy(state, keys, 5, -3);
		expect(resolveWindow(state, keys, 5)).toMatchObject({index: 2, offset: 1});
		state = moveBy(state, keys, 5, -100);
		expect(resolveWindow(state, keys, 5)).toMatchObject({index: 0, offset: 0});
		state = moveToEnd(state, keys, 5, 'last');
		expect(resolveWindow(state, keys, 5)).toMatchObject({
			index: 19,
			offset: 15,
			selectedKey: 'stream-19',
		});
	});

	it('keeps the same row selected when rows appear or vanish around it', () => {
		const keys = names(10);
		const state = moveBy(emptyWindow, keys, 4, 6);
		expect(resolveWindow(state, keys, 4).selectedKey).toBe('stream-6');
		const grown = ['new-a', 'new-b', ...keys];
		expect(resolveWindow(state, grown, 4)).toMatchObject({index: 8, selectedKey: 'stream-6'});
		const shrunk = keys.filter((key) => key !== 'stream-2');
		expect(resolveWindow(state, shrunk, 4)).toMatchObject({index: 5, selectedKey: 'stream-6'});
	});

	it('stays where it was when the selected row itself goes, within the list', () => {
		const keys = names(10);
		const state = moveToEnd(emptyWindow, keys, 4, 'last');
		const without = keys.slice(0, 5);
		expect(resolveWindow(state, without, 4)).toMatchObject({index: 4, selectedKey: 'stream-4'});
		const withoutSelected = keys.filter((key) => key !== 'stream-9');
		expect(resolveWindow(state, withoutSelected, 4)).toMatchObject({
			index: 8,
			selectedKey: 'stream-8',
		});
	});

	it('fits the window after the terminal grows', () => {
		const keys = names(10);
		const state = moveToEnd(emptyWindow, keys, 3, 'last');
		expect(resolveWindow(state, keys, 3).offset).toBe(7);
		expect(resolveWindow(state, keys, 8).offset).toBe(2);
		expect(resolveWindow(state, keys, 20).offset).toBe(0);
	});
});
