import type {Key} from 'ink';
import {editAt, type TextWithCursor} from '../text-edit.js';

/**
 * One key's effect on multi-line text: enter breaks the line, ↑/↓ move to the line above or below;
 * the rest is the line editor's (text-edit.ts): the character and word keys go across lines, the
 * line keys (home, end, ctrl+u, ctrl+k) stop at the ends of the cursor's line, and pasted text keeps
 * its line breaks. Undefined for a key that does not edit (esc, tab …), which the form acts on.
 */
export function editMultiline(
	state: TextWithCursor,
	input: string,
	key: Key,
): TextWithCursor | undefined {
	const {text, cursor} = state;
	if (key.return && !key.ctrl && !key.meta) {
		return {text: text.slice(0, cursor) + '\n' + text.slice(cursor), cursor: cursor + 1};
	}
	if ((key.upArrow || key.downArrow) && !key.ctrl && !key.meta) {
		return {text, cursor: verticalMove(text, cursor, key.upArrow ? -1 : 1)};
	}
	return editAt(
		state,
		input,
		key,
		{start: lineStart(text, cursor), end: lineEnd(text, cursor)},
		'lines',
	);
}

function lineStart(text: string, cursor: number): number {
	return text.lastIndexOf('\n', cursor - 1) + 1;
}

function lineEnd(text: string, cursor: number): number {
	const end = text.indexOf('\n', cursor);
	return end === -1 ? text.length : end;
}

function verticalMove(text: string, cursor: number, direction: -1 | 1): number {
	const start = lineStart(text, cursor);
	const column = cursor - start;
	if (direction < 0) {
		if (start === 0) {
			return 0;
		}
		const previousStart = lineStart(text, start - 1);
		return Math.min(previousStart + column, start - 1);
	}
	const end = lineEnd(text, cursor);
	if (end === text.length) {
		return text.length;
	}
	return Math.min(end + 1 + column, lineEnd(text, end + 1));
}

/** The line and column (in UTF-16 units) of the cursor, and the text's lines. */
export function cursorPosition({text, cursor}: TextWithCursor): {
	lines: string[];
	line: number;
	column: number;
} {
	const lines = text.split('\n');
	const before = text.slice(0, cursor).split('\n');
	return {lines, line: before.length - 1, column: (before.at(-1) ?? '').length};
}
