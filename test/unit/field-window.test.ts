import {describe, expect, it} from 'vitest';
import {fieldWindow} from '../../source/ui/components/field-window.js';

describe('the part of a field shown around its cursor', () => {
	it('shows a value that fits whole, the cursor on its character or after the end', () => {
		expect(fieldWindow('user.id', 4, 20)).toEqual({before: 'user', at: '.', after: 'id'});
		expect(fieldWindow('user.id', 7, 20)).toEqual({before: 'user.id', at: '', after: ''});
		expect(fieldWindow('', 0, 20)).toEqual({before: '', at: '', after: ''});
	});

	it('shows the end of a long value being typed at its end, and its start with the cursor there', () => {
		const digits = '49600000000000000000000000000000000000000000000000000123';
		expect(fieldWindow(digits, digits.length, 12)).toEqual({
			before: '…0000000123',
			at: '',
			after: '',
		});
		expect(fieldWindow(digits, 0, 12)).toEqual({before: '', at: '4', after: '9600000000…'});
	});

	it('keeps the cursor in the middle of a value long on both sides, each cut marked', () => {
		const text = 'abcdefghijklmnopqrstuvwxyz';
		const shown = fieldWindow(text, 13, 11);
		expect(shown).toEqual({before: '…jklm', at: 'n', after: 'opqr…'});
		expect(shown.before.length + 1 + shown.after.length).toBe(11);
	});

	it('counts wide characters as two cells, and shows controls as inert stand-ins', () => {
		const wide = fieldWindow('日本語のテキスト', 8, 9);
		expect(wide).toEqual({before: '…キスト', at: '', after: ''});
		expect(fieldWindow('a\u001b[2Jb', 1, 20)).toEqual({before: 'a', at: '␛', after: '[2Jb'});
	});
});
