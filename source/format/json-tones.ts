import {sanitizeLine} from './sanitize.js';

export type Tone = 'key' | 'string' | 'number' | 'literal';

/** A piece of a line with the colour it is shown in; its text is safe for the terminal. */
export type Segment = {text: string; tone?: Tone};

/**
 * JSON text laid out two spaces an indent, as coloured segments a line. It reads the text itself
 * rather than a parsed value, so that numbers beyond a double's precision (64-bit ids) show as
 * written. The text must be valid JSON.
 */
export function prettyJson(text: string, maxLines = Number.POSITIVE_INFINITY): Segment[][] {
	const lines: Segment[][] = [];
	let line: Segment[] = [];
	let depth = 0;
	/** Per open container: true for an object, whose next string is a key. */
	const containers: boolean[] = [];
	let expectKey = false;
	const newLine = () => {
		lines.push(line);
		line = depth > 0 ? [{text: '  '.repeat(depth)}] : [];
	};
	let index = 0;
	while (index < text.length && lines.length < maxLines) {
		const character = text[index] as string;
		if (/\s/.test(character)) {
			index++;
			continue;
		}
		if (character === '{' || character === '[') {
			const close = character === '{' ? '}' : ']';
			const next = /\S/.exec(text.slice(index + 1, index + 64));
			if (next?.[0] === close) {
				line.push({text: `${character}${close}`});
				index = text.indexOf(close, index + 1) + 1;
				continue;
			}
			line.push({text: character});
			containers.push(character === '{');
			expectKey = character === '{';
			depth++;
			newLine();
			index++;
		} else if (character === '}' || character === ']') {
			depth--;
			containers.pop();
			lines.push(line);
			line = [{text: `${'  '.repeat(depth)}${character}`}];
			index++;
		} else if (character === ',') {
			line.push({text: ','});
			expectKey = containers.at(-1) === true;
			newLine();
			index++;
		} else if (character === ':') {
			line.push({text: ': '});
			index++;
		} else if (character === '"') {
			let end = index + 1;
			while (end < text.length && text[end] !== '"') {
				end += text[end] === '\\' ? 2 : 1;
			}
			line.push({
				text: sanitizeLine(text.slice(index, end + 1)),
				tone: expectKey ? 'key' : 'string',
			});
			expectKey = false;
			index = end + 1;
		} else {
			const literal = /^[^\s,:\]}]+/.exec(text.slice(index, index + 400))?.[0] ?? character;
			line.push({
				text: sanitizeLine(literal),
				tone: /^[-\d]/.test(literal) ? 'number' : 'literal',
			});
			index += literal.length;
		}
	}
	if (line.some((segment) => segment.text.trim() !== '')) {
		lines.push(line);
	}
	return lines;
}
