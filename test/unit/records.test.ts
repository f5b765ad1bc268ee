import {describe, expect, it} from 'vitest';
import {safeJson, sanitizeLine, sanitizeText} from '../../source/kinesis/records.js';

const hostile = '\u001b]0;owned\u0007\u001b[2J\u001b[31mred';

describe('terminal sanitising', () => {
	it('turns escape sequences into inert, visible text', () => {
		const safe = sanitizeLine(hostile);
		expect(safe).toBe('␛]0;owned␇␛[2J␛[31mred');
		expect(safe).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
	});

	it.each([
		['C1 CSI (one byte)', '\u009b31m', '\\u{9b}31m'],
		['DCS', '\u001bPq#0;2;0;0;0\u001b\\', '␛Pq#0;2;0;0;0␛\\'],
		['DEL and NUL', 'a\u007fb\u0000', 'a␡b␀'],
		['bidirectional override', 'abc\u202Edef', 'abc\\u{202e}def'],
		['line breaks on one line', 'a\r\nb\tc', 'a␍␊b␉c'],
	])('escapes %s', (_, input, expected) => {
		expect(sanitizeLine(input)).toBe(expected);
	});

	it('keeps line breaks in multi-line text, but not carriage returns or escapes', () => {
		expect(sanitizeText('a\nb\r\n\tc\u001b[1A')).toBe('a\nb␍\n  c␛[1A');
	});

	it('leaves ordinary text, wide characters and emoji alone', () => {
		expect(sanitizeLine('clickstream — 日本語 🚀')).toBe('clickstream — 日本語 🚀');
	});

	it('writes JSON that stays JSON and carries no raw control character', () => {
		const value = {name: `a${hostile}\u0085\u2028\u202e`};
		const text = safeJson(value);
		expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u202e]/);
		expect(JSON.parse(text)).toEqual(value);
	});
});
