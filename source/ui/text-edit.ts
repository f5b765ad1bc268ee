import type {Key} from 'ink';

/**
 * One key's effect on a one-line text field: typed or pasted text is appended, backspace takes off
 * the last character. Undefined for a key that does not edit (arrows, enter, esc …).
 */
export function editText(value: string, input: string, key: Key): string | undefined {
	if (key.backspace || key.delete) {
		return [...value].slice(0, -1).join('');
	}
	if (key.ctrl || key.meta || key.return || key.escape || key.tab || input === '') {
		return undefined;
	}
	// Pasted text can carry line breaks and controls: a field holds one line.
	return value + input.replace(/[\u0000-\u001f\u007f]/g, '');
}
