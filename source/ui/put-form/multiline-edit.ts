import type {Key} from 'ink';

/** Multi-line text with a cursor (an offset into the text, always between characters). */
export type TextWithCursor = {text: string; cursor: number};

/**
 * One key's effect on multi-line text: typing and pasting insert at the cursor, enter breaks the
 * line, backspace deletes before the cursor, the arrows, home and end move it. Undefined for a key
 * that does not edit (esc, tab, ctrl+…), which the form uses to move between fields.
 */
export function editMultiline(
	state: TextWithCursor,
	input: string,
	key: Key,
): TextWithCursor | undefined {
	const {text, cursor} = state;
	if (key.return) {
		return insert(state, '\n');
	}
	if (key.backspace || key.delete) {
		if (cursor === 0) {
			return state;
		}
		const start = cursor - unitsBefore(text, cursor);
		return {text: text.slice(0, start) + text.slice(cursor), cursor: start};
	}
	if (key.leftArrow) {
		return {text, cursor: cursor - unitsBefore(text, cursor)};
	}
	if (key.rightArrow) {
		return {text, cursor: cursor + unitsAfter(text, cursor)};
	}
	if (key.upArrow || key.downArrow) {
		return {text, cursor: verticalMove(text, cursor, key.upArrow ? -1 : 1)};
	}
	if (key.home) {
		return {text, cursor: lineStart(text, cursor)};
	}
	if (key.end) {
		return {text, cursor: lineEnd(text, cursor)};
	}
	if (key.ctrl || key.meta || key.escape || key.tab || input === '') {
		return undefined;
	}
	// Pasted text keeps its line breaks; other controls have no place in typed data.
	return insert(
		state,
		input.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ''),
	);
}

function insert({text, cursor}: TextWithCursor, added: string): TextWithCursor {
	return {text: text.slice(0, cursor) + added + text.slice(cursor), cursor: cursor + added.length};
}

/** 2 before a surrogate pair, so the cursor never splits a character outside the basic plane. */
function unitsBefore(text: string, cursor: number): number {
	const code = text.charCodeAt(cursor - 1);
	return cursor >= 2 && code >= 0xdc00 && code <= 0xdfff ? 2 : Math.min(1, cursor);
}

function unitsAfter(text: string, cursor: number): number {
	if (cursor >= text.length) {
		return 0;
	}
	const code = text.charCodeAt(cursor);
	return code >= 0xd800 && code <= 0xdbff && cursor + 1 < text.length ? 2 : 1;
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
