import {describe, expect, it} from 'vitest';
import {appReducer, initialAppState} from '../../source/ui/app-state.js';
import {helpSections, keymap, matches} from '../../source/ui/keymap.js';
import {layoutFor, MIN_COLUMNS, MIN_ROWS} from '../../source/ui/layout.js';
import {noKey} from '../support/keys.js';

describe('keymap', () => {
	it('matches printable, named and modified keys', () => {
		expect(matches('down', 'j', noKey)).toBe(true);
		expect(matches('down', '', {...noKey, downArrow: true})).toBe(true);
		expect(matches('quit', 'c', {...noKey, ctrl: true})).toBe(true);
		expect(matches('quit', 'c', noKey)).toBe(false);
		expect(matches('nextPane', '', {...noKey, tab: true})).toBe(true);
		expect(matches('nextPane', '', {...noKey, tab: true, shift: true})).toBe(false);
		expect(matches('previousPane', '', {...noKey, tab: true, shift: true})).toBe(true);
		expect(matches('bottom', 'G', {...noKey, shift: true})).toBe(true);
		expect(matches('top', 'g', noKey)).toBe(true);
	});

	it('gives every binding exactly one command, so no key does two things', () => {
		const bindings = Object.values(keymap).flatMap((spec) =>
			spec.keys.map((binding) => JSON.stringify(binding)),
		);
		expect(new Set(bindings).size).toBe(bindings.length);
	});

	it('drives the help overlay from the same table', () => {
		const sections = helpSections();
		expect(sections.map((section) => section.section)).toEqual([
			'Global',
			'Lists',
			'Streams and shards',
			'Tail',
			'Put form',
		]);
		expect(sections[0]?.entries).toContainEqual({keys: 'q/ctrl+c', description: 'quit'});
		expect(sections.flatMap((section) => section.entries)).toHaveLength(Object.keys(keymap).length);
	});
});

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

describe('layout', () => {
	it('fills the terminal but its last row, panes side by side', () => {
		const layout = layoutFor(120, 40);
		if (!layout.fits) {
			throw new Error('120×40 should fit');
		}
		expect(layout.height).toBe(39);
		const {streams, shards, tail, put} = layout.panes;
		expect(streams.width + tail.width).toBe(120);
		expect(streams.height + shards.height).toBe(37);
		expect(tail.height + put.height).toBe(37);
		expect(shards.width).toBe(streams.width);
	});

	it('says when the terminal is too small', () => {
		expect(layoutFor(MIN_COLUMNS - 1, 40).fits).toBe(false);
		expect(layoutFor(100, MIN_ROWS - 1).fits).toBe(false);
		expect(layoutFor(MIN_COLUMNS, MIN_ROWS).fits).toBe(true);
	});
});
