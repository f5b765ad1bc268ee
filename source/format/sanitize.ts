/**
 * Text that came from a server or a record is untrusted: before it reaches the screen every control
 * character is replaced by a visible stand-in, so escape sequences (CSI, OSC, DCS …) arrive as inert
 * text that can neither move the cursor, retitle the window nor change colours.
 */

// C0 controls, DEL, C1 controls (0x9B is a one-byte CSI), and the bidirectional overrides that can
// make text display in an order other than the one it has.
const UNSAFE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function standIn(character: string): string {
	const code = character.charCodeAt(0);
	if (code < 0x20) {
		// Unicode's control pictures: ESC shows as ␛, BEL as ␇, newline as ␊.
		return String.fromCharCode(0x2400 + code);
	}
	if (code === 0x7f) {
		return '\u2421';
	}
	return `\\u{${code.toString(16)}}`;
}

/** One line of safe text: newlines and tabs show as their control pictures too. */
export function sanitizeLine(text: string): string {
	return text.replace(UNSAFE_LINE, standIn);
}

/** Safe text that keeps its line breaks; tabs become spaces. */
export function sanitizeText(text: string): string {
	return text.replace(UNSAFE_TEXT, standIn).replaceAll('\t', '  ');
}

// JSON.stringify escapes C0 controls but lets C1 controls and bidirectional overrides through raw.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text that is safe to print to a terminal: every control character is a \u escape. */
export function safeJson(value: unknown): string {
	return JSON.stringify(value).replace(
		UNSAFE_IN_JSON,
		(character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}
