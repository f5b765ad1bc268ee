import stringWidth from 'string-width';

/** Text cut to a width in terminal cells (wide characters take two), ending in … when cut. */
export function truncate(text: string, width: number): string {
	if (stringWidth(text) <= width) {
		return text;
	}
	let cut = '';
	let used = 0;
	for (const character of text) {
		used += stringWidth(character);
		if (used > width - 1) {
			break;
		}
		cut += character;
	}
	return `${cut}…`;
}

/** Text cut or padded to exactly `width` terminal cells. */
export function fitWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const cut = truncate(text, width);
	const padding = ' '.repeat(Math.max(0, width - stringWidth(cut)));
	return align === 'right' ? padding + cut : cut + padding;
}

/**
 * Text broken into lines of at most `width` terminal cells, at spaces where it can be (a word longer
 * than a line, like a 39-digit hash key on a narrow screen, is cut).
 */
export function wrapText(text: string, width: number): string[] {
	const room = Math.max(1, width);
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		const joined = line === '' ? word : `${line} ${word}`;
		if (stringWidth(joined) <= room) {
			line = joined;
			continue;
		}
		if (line !== '') {
			lines.push(line);
		}
		line = word;
		while (stringWidth(line) > room) {
			let cut = '';
			for (const character of line) {
				// A wide character on a line of one cell goes on a line of its own.
				if (cut !== '' && stringWidth(cut + character) > room) {
					break;
				}
				cut += character;
			}
			lines.push(cut);
			line = line.slice(cut.length);
		}
	}
	if (line !== '' || lines.length === 0) {
		lines.push(line);
	}
	return lines;
}
