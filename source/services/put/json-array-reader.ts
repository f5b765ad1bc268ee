import {createReadStream} from 'node:fs';
import {MAX_RECORD_BYTES} from '../../model/record-limits.js';
import {type JsonText, RECORD_TOO_LARGE} from './file-lines.js';

type ArrayState = 'start' | 'first' | 'value' | 'element' | 'after' | 'done';

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The elements of a JSON array, one at a time, each with the line it starts on and its text with
 * the whitespace between tokens taken out (numbers stay as written, however long). Only the
 * structure is checked here; each element is parsed by the caller.
 */
export async function* readJsonArray(
	path: string,
	signal?: AbortSignal,
): AsyncGenerator<JsonText[]> {
	/** The elements found in the chunk being read: they go on together at its end. */
	let found: JsonText[] = [];
	const decoder = new TextDecoder('utf-8', {fatal: true});
	let state: ArrayState = 'start';
	let line = 1;
	let element = '';
	let elementLine = 0;
	let oversized = false;
	let depth = 0;
	let inString = false;
	let escaped = false;
	const broken = (error: string): JsonText => ({line, error, fatal: true});
	const complete = (): JsonText => {
		const item: JsonText = oversized
			? {line: elementLine, error: RECORD_TOO_LARGE}
			: {line: elementLine, text: element};
		element = '';
		oversized = false;
		state = 'after';
		return item;
	};
	const append = (character: string) => {
		if (element.length > MAX_RECORD_BYTES) {
			oversized = true;
			element = '';
		}
		if (!oversized) {
			element += character;
		}
	};
	for await (const chunk of createReadStream(path, {signal, highWaterMark: 1024 * 1024})) {
		let text: string;
		try {
			text = decoder.decode(chunk as Buffer, {stream: true});
		} catch {
			found.push(broken('Not UTF-8 text.'));
			yield found;
			return;
		}
		for (let index = 0; index < text.length; index++) {
			const code = text.charCodeAt(index);
			const character = text[index] as string;
			if (state === 'element') {
				if (inString) {
					append(character);
					if (escaped) {
						escaped = false;
					} else if (code === 0x5c) {
						escaped = true;
					} else if (code === 0x22) {
						inString = false;
						if (depth === 0) {
							found.push(complete());
						}
					}
					if (code === 0x0a) {
						line++;
					}
					continue;
				}
				const delimiter = WHITESPACE.has(code) || code === 0x2c || (code === 0x5d && depth === 0);
				if (delimiter && depth === 0) {
					// A number, true, false or null ends where the next token starts.
					found.push(complete());
				} else if (WHITESPACE.has(code)) {
					if (code === 0x0a) {
						line++;
					}
					continue;
				} else {
					append(character);
					if (code === 0x22) {
						inString = true;
					} else if (code === 0x7b || code === 0x5b) {
						depth++;
					} else if (code === 0x7d || code === 0x5d) {
						if (depth === 0) {
							found.push(broken(`Unexpected ${character} in the element of line ${elementLine}.`));
							yield found;
							return;
						}
						depth--;
						if (depth === 0) {
							found.push(complete());
						}
					}
					continue;
				}
			}
			if (code === 0x0a) {
				line++;
			}
			if (WHITESPACE.has(code) || (code === 0xfeff && state === 'start')) {
				continue;
			}
			// complete() moves the state on behind the compiler's back.
			switch (state as ArrayState) {
				case 'start': {
					if (code !== 0x5b) {
						found.push(broken('A JSON array starts with [.'));
						yield found;
						return;
					}
					state = 'first';
					break;
				}
				case 'first':
				case 'value': {
					if (code === 0x5d && state === 'first') {
						state = 'done';
					} else if (code === 0x5d || code === 0x2c || code === 0x7d) {
						found.push(broken(`Expected an element of the array, found ${character}.`));
						yield found;
						return;
					} else {
						state = 'element';
						elementLine = line;
						depth = code === 0x7b || code === 0x5b ? 1 : 0;
						inString = code === 0x22;
						append(character);
					}
					break;
				}
				case 'after': {
					if (code === 0x2c) {
						state = 'value';
					} else if (code === 0x5d) {
						state = 'done';
					} else {
						found.push(broken(`Expected , or ] after the element of line ${elementLine}.`));
						yield found;
						return;
					}
					break;
				}
				case 'done': {
					found.push(broken('Text after the end of the array.'));
					yield found;
					return;
				}
				case 'element': {
					break;
				}
			}
		}
		if (found.length > 0) {
			yield found;
			found = [];
		}
	}
	if (state === 'element' && depth === 0 && !inString) {
		found.push(complete());
	}
	if (state !== 'done') {
		found.push(broken('The file ends before the array does (a ] is missing).'));
	}
	if (found.length > 0) {
		yield found;
	}
}
