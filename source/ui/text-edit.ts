import type {Key} from 'ink';
import {clamp} from '../lib/clamp.js';
import {type Command, matches} from './keymap.js';

/** Text and its cursor: an offset in UTF-16 units, always between two characters. */
export type TextWithCursor = {text: string; cursor: number};

/** Text with the cursor after it, where typing goes on. */
export function atEnd(text: string): TextWithCursor {
	return {text, cursor: text.length};
}

/** Where the line the cursor is on starts and ends: home, end, ctrl+u and ctrl+k stop there. */
export type LineBounds = {start: number; end: number};

/**
 * One key's effect on a one-line field, as a shell's line editor takes it: the keys of the keymap's
 * "Text fields" section move the cursor or delete around it, and typed or pasted text goes in at the
 * cursor, its control characters dropped (a field holds one line). Undefined for a key that does not
 * edit (enter, esc, tab, ↑/↓ …): the field's owner acts on those.
 */
export function editLine(
	field: TextWithCursor,
	input: string,
	key: Key,
): TextWithCursor | undefined {
	return editAt(field, input, key, {start: 0, end: field.text.length}, 'one line');
}

/**
 * The line editing itself, for a one-line field or for the line the cursor is on in a longer text:
 * characters and words are the text's, `line` is where the line keys stop. Text with `lines` kept
 * keeps the line breaks it is typed or pasted with.
 */
export function editAt(
	state: TextWithCursor,
	input: string,
	key: Key,
	line: LineBounds,
	breaks: 'one line' | 'lines',
): TextWithCursor | undefined {
	const {text} = state;
	const cursor = clamp(state.cursor, 0, text.length);
	const is = (command: Command) => matches(command, input, key);
	const moveTo = (to: number): TextWithCursor => ({text, cursor: to});
	const cut = (from: number, to: number): TextWithCursor => ({
		text: text.slice(0, from) + text.slice(to),
		cursor: from,
	});
	if (is('cursorLeft')) {
		return moveTo(previousBoundary(text, cursor));
	}
	if (is('cursorRight')) {
		return moveTo(nextBoundary(text, cursor));
	}
	if (is('wordLeft')) {
		return moveTo(wordStartBefore(text, cursor));
	}
	if (is('wordRight')) {
		return moveTo(wordEndAfter(text, cursor));
	}
	if (is('lineStart')) {
		return moveTo(line.start);
	}
	if (is('lineEnd')) {
		return moveTo(line.end);
	}
	if (is('deleteBack')) {
		return cut(previousBoundary(text, cursor), cursor);
	}
	if (is('deleteForward')) {
		return cut(cursor, nextBoundary(text, cursor));
	}
	if (is('deleteWordBack')) {
		return cut(wordStartBefore(text, cursor), cursor);
	}
	if (is('deleteToStart')) {
		return cut(Math.min(line.start, cursor), cursor);
	}
	if (is('deleteToEnd')) {
		return cut(cursor, Math.max(line.end, cursor));
	}
	if (key.ctrl || key.meta || key.return || key.escape || key.tab || input === '') {
		return undefined;
	}
	const added =
		breaks === 'lines'
			? input.replace(/\r\n?/g, '\n').replace(CONTROLS_BUT_LINE_BREAK, '')
			: input.replace(CONTROLS, '');
	return {
		text: text.slice(0, cursor) + added + text.slice(cursor),
		cursor: cursor + added.length,
	};
}

// C0 controls, DEL and C1 controls: typed text never holds them (a paste can).
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
const CONTROLS_BUT_LINE_BREAK = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/** The offset one character back: 2 units before a surrogate pair, so no character is split. */
export function previousBoundary(text: string, cursor: number): number {
	if (cursor <= 0) {
		return 0;
	}
	const code = text.charCodeAt(cursor - 1);
	return cursor >= 2 && code >= 0xdc00 && code <= 0xdfff ? cursor - 2 : cursor - 1;
}

/** The offset one character on. */
export function nextBoundary(text: string, cursor: number): number {
	if (cursor >= text.length) {
		return text.length;
	}
	const code = text.charCodeAt(cursor);
	return code >= 0xd800 && code <= 0xdbff && cursor + 1 < text.length ? cursor + 2 : cursor + 1;
}

/** A word is a run of letters and digits, as readline's alt+b and alt+f see it: `user.id` is two. */
const WORD = /^[\p{L}\p{M}\p{N}]/u;

function wordStartBefore(text: string, cursor: number): number {
	let at = cursor;
	while (at > 0 && !WORD.test(text.slice(previousBoundary(text, at), at))) {
		at = previousBoundary(text, at);
	}
	while (at > 0 && WORD.test(text.slice(previousBoundary(text, at), at))) {
		at = previousBoundary(text, at);
	}
	return at;
}

function wordEndAfter(text: string, cursor: number): number {
	let at = cursor;
	while (at < text.length && !WORD.test(text.slice(at, nextBoundary(text, at)))) {
		at = nextBoundary(text, at);
	}
	while (at < text.length && WORD.test(text.slice(at, nextBoundary(text, at)))) {
		at = nextBoundary(text, at);
	}
	return at;
}
