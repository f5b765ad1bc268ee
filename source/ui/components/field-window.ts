import stringWidth from 'string-width';
import {sanitizeLine} from '../../format/sanitize.js';

/**
 * The part of a line being edited that fits its width, around the cursor: the text before the
 * cursor, the character under it ('' at the end, where the cursor takes a cell of its own), and the
 * text after it, each made safe to draw. A side that does not fit is cut, with … where it was cut;
 * when both sides are long the cursor sits in the middle.
 */
export type FieldWindow = {before: string; at: string; after: string};

export function fieldWindow(text: string, cursor: number, width: number): FieldWindow {
	const characters = [...text];
	let index = 0;
	for (let offset = 0; index < characters.length && offset < cursor; index++) {
		offset += characters[index]!.length;
	}
	const before = characters.slice(0, index).map(sanitizeLine);
	const at = characters[index] === undefined ? '' : sanitizeLine(characters[index]!);
	const after = characters.slice(index + 1).map(sanitizeLine);
	// The cursor's cell, then the two sides: each at most half of what is left unless the other
	// needs less.
	const room = Math.max(0, width - Math.max(1, stringWidth(at)));
	const afterWidth = widthOf(after);
	const beforeRoom = Math.max(room - Math.min(afterWidth, Math.floor(room / 2)), 0);
	const shownBefore = cutStart(before, beforeRoom);
	const shownAfter = cutEnd(after, room - stringWidth(shownBefore));
	return {before: shownBefore, at, after: shownAfter};
}

function widthOf(characters: readonly string[]): number {
	return characters.reduce((sum, character) => sum + stringWidth(character), 0);
}

/** The end of the characters that fits in `width`, starting with … when some are left out. */
function cutStart(characters: readonly string[], width: number): string {
	if (widthOf(characters) <= width) {
		return characters.join('');
	}
	let kept = '';
	let used = 1;
	for (let index = characters.length - 1; index >= 0; index--) {
		const character = characters[index]!;
		used += stringWidth(character);
		if (used > width) {
			break;
		}
		kept = character + kept;
	}
	return width > 0 ? `…${kept}` : '';
}

/** The start of the characters that fits in `width`, ending with … when some are left out. */
function cutEnd(characters: readonly string[], width: number): string {
	if (widthOf(characters) <= width) {
		return characters.join('');
	}
	let kept = '';
	let used = 1;
	for (const character of characters) {
		used += stringWidth(character);
		if (used > width) {
			break;
		}
		kept += character;
	}
	return width > 0 ? `${kept}…` : '';
}
