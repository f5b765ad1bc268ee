import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {deleteKeysOf} from '../../source/ui/key-router.js';
import {editMultiline} from '../../source/ui/put-form/multiline-edit.js';
import {atEnd, editLine, type TextWithCursor} from '../../source/ui/text-edit.js';
import {noKey} from '../support/keys.js';

/** The keys of the line editor, as Ink reports them (after the key router tells delete apart). */
const EDIT: Record<string, [string, Partial<Key>]> = {
	left: ['', {leftArrow: true}],
	right: ['', {rightArrow: true}],
	home: ['', {home: true}],
	end: ['', {end: true}],
	ctrlA: ['a', {ctrl: true}],
	ctrlE: ['e', {ctrl: true}],
	ctrlU: ['u', {ctrl: true}],
	ctrlK: ['k', {ctrl: true}],
	ctrlW: ['w', {ctrl: true}],
	altB: ['b', {meta: true}],
	altF: ['f', {meta: true}],
	ctrlLeft: ['', {leftArrow: true, ctrl: true}],
	ctrlRight: ['', {rightArrow: true, ctrl: true}],
	backspace: ['', {backspace: true}],
	delete: ['', {delete: true}],
};

type Press = keyof typeof EDIT | {text: string};

/** The field after each key in turn; a key that does not edit leaves it as it is. */
function press(field: TextWithCursor, ...keys: Press[]): TextWithCursor {
	return keys.reduce<TextWithCursor>((current, each) => {
		const [input, key] = typeof each === 'string' ? EDIT[each]! : [each.text, {}];
		return editLine(current, input, {...noKey, ...key}) ?? current;
	}, field);
}

/** 'user|.id' → the text with the cursor where the bar is. */
const at = (marked: string): TextWithCursor => ({
	text: marked.replace('|', ''),
	cursor: marked.indexOf('|'),
});

describe('the line editor', () => {
	it('moves a character at a time with ← and →, never past either end', () => {
		expect(press(at('ab|c'), 'left')).toEqual(at('a|bc'));
		expect(press(at('ab|c'), 'right')).toEqual(at('abc|'));
		expect(press(at('|abc'), 'left', 'left')).toEqual(at('|abc'));
		expect(press(at('abc|'), 'right')).toEqual(at('abc|'));
	});

	it('goes to the start with home or ctrl+a, and to the end with end or ctrl+e', () => {
		for (const key of ['home', 'ctrlA'] as const) {
			expect(press(at('user|.id'), key)).toEqual(at('|user.id'));
		}
		for (const key of ['end', 'ctrlE'] as const) {
			expect(press(at('user|.id'), key)).toEqual(at('user.id|'));
		}
	});

	it('moves a word at a time with alt+b / alt+f and ctrl+← / ctrl+→: words are letters and digits', () => {
		for (const key of ['altB', 'ctrlLeft'] as const) {
			expect(press(at('/tmp/orders.nd|json'), key)).toEqual(at('/tmp/orders.|ndjson'));
			expect(press(at('/tmp/orders.|ndjson'), key)).toEqual(at('/tmp/|orders.ndjson'));
			expect(press(at('/|tmp'), key)).toEqual(at('|/tmp'));
		}
		for (const key of ['altF', 'ctrlRight'] as const) {
			expect(press(at('|/tmp/orders.ndjson'), key)).toEqual(at('/tmp|/orders.ndjson'));
			expect(press(at('/tmp|/orders.ndjson'), key)).toEqual(at('/tmp/orders|.ndjson'));
			expect(press(at('user.id  |  '), key)).toEqual(at('user.id    |'));
		}
		expect(press(at('naïve café|'), 'altB')).toEqual(at('naïve |café'));
	});

	it('deletes back with backspace and forward with delete, at the ends doing nothing', () => {
		expect(press(at('ab|c'), 'backspace')).toEqual(at('a|c'));
		expect(press(at('ab|c'), 'delete')).toEqual(at('ab|'));
		expect(press(at('|abc'), 'backspace')).toEqual(at('|abc'));
		expect(press(at('abc|'), 'delete')).toEqual(at('abc|'));
	});

	it('kills to the start with ctrl+u, to the end with ctrl+k, and the word before with ctrl+w', () => {
		expect(press(at('4960|1234'), 'ctrlU')).toEqual(at('|1234'));
		expect(press(at('4960|1234'), 'ctrlK')).toEqual(at('4960|'));
		expect(press(at('user.id|'), 'ctrlW')).toEqual(at('user.|'));
		expect(press(at('user.id|'), 'ctrlW', 'ctrlW')).toEqual(at('|'));
		expect(press(at('one two  |three'), 'ctrlW')).toEqual(at('one |three'));
		expect(press(at('|abc'), 'ctrlU', 'ctrlW')).toEqual(at('|abc'));
	});

	it('types and pastes at the cursor, dropping control characters', () => {
		expect(press(at('user|.id'), {text: '_42'})).toEqual(at('user_42|.id'));
		expect(press(at('a|b'), {text: 'x\r\ny\u0007z\t\u001b[2J\u009b'})).toEqual(at('axyz[2J|b'));
		// A paste of controls only changes nothing but is still taken.
		expect(editLine(at('a|b'), '\u0001', noKey)).toEqual(at('a|b'));
	});

	it('keeps a character outside the basic plane whole', () => {
		expect(press(at('a😀|b'), 'left')).toEqual(at('a|😀b'));
		expect(press(at('a|😀b'), 'right')).toEqual(at('a😀|b'));
		expect(press(at('a😀|b'), 'backspace')).toEqual(at('a|b'));
		expect(press(at('a|😀b'), 'delete')).toEqual(at('a|b'));
	});

	it('holds a cursor outside the text to its bounds', () => {
		expect(press({text: 'abc', cursor: 10}, 'backspace')).toEqual(at('ab|'));
		expect(press({text: 'abc', cursor: -3}, {text: 'x'})).toEqual(at('x|abc'));
	});

	it('leaves enter, esc, tab, ↑/↓ and other ctrl and alt keys to the field’s owner', () => {
		for (const key of [
			{return: true},
			{escape: true, meta: true},
			{tab: true},
			{upArrow: true},
			{downArrow: true},
			{pageDown: true},
		]) {
			expect(editLine(at('a|b'), '', {...noKey, ...key})).toBeUndefined();
		}
		expect(editLine(at('a|b'), 'x', {...noKey, ctrl: true})).toBeUndefined();
		expect(editLine(at('a|b'), 'x', {...noKey, meta: true})).toBeUndefined();
	});

	it('opens a value with its cursor after it', () => {
		expect(atEnd('10m')).toEqual(at('10m|'));
	});
});

describe('the line editor in multi-line data', () => {
	const pressIn = (field: TextWithCursor, ...keys: Array<keyof typeof EDIT>) =>
		keys.reduce<TextWithCursor>((current, name) => {
			const [input, key] = EDIT[name]!;
			return editMultiline(current, input, {...noKey, ...key}) ?? current;
		}, field);

	it('stops the line keys at the ends of the cursor’s line', () => {
		expect(pressIn(at('{\n  "a|b": 1\n}'), 'home')).toEqual(at('{\n|  "ab": 1\n}'));
		expect(pressIn(at('{\n  "a|b": 1\n}'), 'ctrlE')).toEqual(at('{\n  "ab": 1|\n}'));
		expect(pressIn(at('{\n  "a|b": 1\n}'), 'ctrlU')).toEqual(at('{\n|b": 1\n}'));
		expect(pressIn(at('{\n  "a|b": 1\n}'), 'ctrlK')).toEqual(at('{\n  "a|\n}'));
	});

	it('moves and deletes by character and word across line breaks', () => {
		expect(pressIn(at('ab\n|cd'), 'left')).toEqual(at('ab|\ncd'));
		expect(pressIn(at('ab\n|cd'), 'backspace')).toEqual(at('ab|cd'));
		expect(pressIn(at('ab|\ncd'), 'delete')).toEqual(at('ab|cd'));
		expect(pressIn(at('one\n|two'), 'altB')).toEqual(at('|one\ntwo'));
		expect(pressIn(at('one|\ntwo'), 'altF')).toEqual(at('one\ntwo|'));
		expect(pressIn(at('one\n|two'), 'ctrlW')).toEqual(at('|two'));
	});
});

describe('the Backspace and Delete keys', () => {
	it('are told apart by the sequence the terminal sent, which Ink names alike', () => {
		const inkDelete = {...noKey, delete: true};
		expect(deleteKeysOf('\u007f', inkDelete)).toMatchObject({backspace: true, delete: false});
		expect(deleteKeysOf('\b', {...noKey, backspace: true})).toMatchObject({backspace: true});
		expect(deleteKeysOf('\u001b\u007f', {...inkDelete, meta: true})).toMatchObject({
			backspace: true,
			delete: false,
			meta: true,
		});
		for (const sequence of ['\u001b[3~', '\u001b[3;5~', '\u001b[3$', '\u001b\u001b[3~']) {
			expect(deleteKeysOf(sequence, inkDelete)).toMatchObject({backspace: false, delete: true});
		}
		expect(deleteKeysOf('\u001b[D', {...noKey, leftArrow: true})).toEqual({
			...noKey,
			leftArrow: true,
		});
	});
});
