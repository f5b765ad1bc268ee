import {describe, expect, it} from 'vitest';
import {helpSections, keymap, matches} from '../../source/ui/keymap.js';
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
		// A text field that has the keys takes them all: its keys are apart from the others'. A pane's
		// (or a view's) keys are its own: apart from the frame's and the lists', which every pane has.
		const bindingsOf = (sections: readonly string[]) =>
			Object.values(keymap)
				.filter((spec) => sections.includes(spec.section))
				.flatMap((spec) => spec.keys.map((binding) => JSON.stringify(binding)));
		const shared = ['Global', 'Lists'];
		const own = [...new Set(Object.values(keymap).map((spec) => spec.section as string))].filter(
			(section) => section !== 'Text fields' && !shared.includes(section),
		);
		for (const bindings of [
			bindingsOf(['Text fields']),
			...own.map((section) => bindingsOf([...shared, section])),
		]) {
			expect(new Set(bindings).size).toBe(bindings.length);
		}
	});

	it('tells alt+key from the key alone, and esc (which Ink reports as meta) still matches', () => {
		expect(matches('wordLeft', 'b', {...noKey, meta: true})).toBe(true);
		expect(matches('wordLeft', 'b', noKey)).toBe(false);
		expect(matches('down', 'j', {...noKey, meta: true})).toBe(false);
		expect(matches('back', '', {...noKey, escape: true, meta: true})).toBe(true);
		expect(matches('wordRight', '', {...noKey, rightArrow: true, ctrl: true})).toBe(true);
		expect(matches('cursorRight', '', {...noKey, rightArrow: true, ctrl: true})).toBe(false);
		expect(matches('lineStart', 'a', {...noKey, ctrl: true})).toBe(true);
		expect(matches('lineStart', '', {...noKey, home: true})).toBe(true);
	});

	it('drives the help overlay from the same table', () => {
		const sections = helpSections();
		expect(sections.map((section) => section.section)).toEqual([
			'Global',
			'Lists',
			'Text fields',
			'Streams and shards',
			'Tail',
			'Put form',
			'Consumers',
			'Capacity',
		]);
		expect(sections[0]?.entries).toContainEqual({keys: 'q/ctrl+c', description: 'quit'});
		expect(sections[2]?.entries).toContainEqual({keys: 'alt+b/ctrl+←', description: 'a word left'});
		expect(sections.flatMap((section) => section.entries)).toHaveLength(Object.keys(keymap).length);
	});
});
