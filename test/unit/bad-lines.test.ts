import {describe, expect, it} from 'vitest';
import {badLineRows, badLineTexts} from '../../source/ui/put-form/bad-lines.js';

describe("a checked file's bad lines", () => {
	it('lists every bad line kept, made safe, and counts those past what the check keeps', () => {
		const invalid = [
			{line: 1, error: 'Not JSON'},
			{line: 4, error: 'No field user.id \u001b[2J'},
			{line: 9, error: 'Not JSON'},
		];
		expect(badLineTexts({records: 6, invalidCount: 3, invalid})).toEqual([
			'  line 1: Not JSON',
			'  line 4: No field user.id ␛[2J',
			'  line 9: Not JSON',
		]);
		expect(badLineTexts({records: 0, invalidCount: 1203, invalid}).at(-1)).toBe(
			'  … and 1,200 more',
		);
	});

	it('gives the list what the panel has left, at least a row', () => {
		expect(badLineRows(16)).toBe(10);
		expect(badLineRows(5)).toBe(1);
	});
});
