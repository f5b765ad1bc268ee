import {describe, expect, it} from 'vitest';
import {layoutHelp, scrollHelp} from '../../source/ui/components/help-layout.js';
import {helpSections} from '../../source/ui/keymap.js';

const sections = [
	{
		section: 'One',
		entries: [
			{keys: 'a', description: 'first'},
			{keys: 'b', description: 'second'},
		],
	},
	{section: 'Two', entries: [{keys: 'ctrl+c', description: 'third'}]},
	{section: 'Three', entries: [{keys: 'd', description: 'a longer description'}]},
];

describe('the help layout', () => {
	it('keeps everything in one column when it fits, sections apart by a gap', () => {
		const {columns, scrolls} = layoutHelp(sections, {width: 40, height: 20});
		expect(scrolls).toBe(false);
		expect(columns).toHaveLength(1);
		expect(columns[0]!.lines.map((line) => line.kind)).toEqual([
			'section',
			'entry',
			'entry',
			'gap',
			'section',
			'entry',
			'gap',
			'section',
			'entry',
		]);
		expect(columns[0]!.keyWidth).toBe('ctrl+c'.length);
	});

	it('puts whole sections side by side when they are too tall for one column, each its own key width', () => {
		const {columns, scrolls} = layoutHelp(sections, {width: 80, height: 5});
		expect(scrolls).toBe(false);
		expect(
			columns.map((column) => column.lines.filter((l) => l.kind === 'section').length),
		).toEqual([1, 2]);
		expect(columns.map((column) => column.keyWidth)).toEqual([1, 'ctrl+c'.length]);
	});

	it('scrolls one column when the columns do not fit side by side', () => {
		const {columns, scrolls} = layoutHelp(sections, {width: 30, height: 5});
		expect(scrolls).toBe(true);
		expect(columns).toHaveLength(1);
		expect(columns[0]!.lines).toHaveLength(9);
	});

	it('scrolls no further than the first and the last line', () => {
		expect(scrollHelp(0, -1, 9, 5)).toBe(0);
		expect(scrollHelp(0, 100, 9, 5)).toBe(4);
		expect(scrollHelp(3, 1, 9, 5)).toBe(4);
		expect(scrollHelp(2, 0, 3, 5)).toBe(0);
	});

	it('shows every key of the keymap unscrolled on a 120×36 terminal', () => {
		// The room inside the overlay at 120×36: the frame's header and status bar, the border, the title and hint.
		expect(layoutHelp(helpSections(), {width: 116, height: 30}).scrolls).toBe(false);
	});
});
