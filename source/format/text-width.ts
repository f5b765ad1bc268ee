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
