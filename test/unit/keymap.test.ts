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
