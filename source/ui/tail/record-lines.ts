import stringWidth from 'string-width';
import {hexBytesPerRow, hexDump} from '../../format/hex.js';
import {prettyJson, type Segment} from '../../format/json-tones.js';
import {sanitizeText} from '../../format/sanitize.js';
import {decodePayload} from '../../model/payload.js';

/** A record opened whole: its data as lines (JSON pretty and coloured, text, or bytes), wrapped to the pane. */

const MAX_DETAIL_LINES = 5000;

/** A record's data as lines to show whole: JSON pretty and coloured, text, or bytes. */
export function dataLines(
	data: Uint8Array,
	binary: 'hex' | 'base64',
	width = Number.POSITIVE_INFINITY,
): {lines: Segment[][]; about: string} {
	const payload = decodePayload(data);
	const gzip = payload.gzip ? 'gzip, ' : '';
	const cut = (lines: Segment[][], total: number): Segment[][] =>
		total > MAX_DETAIL_LINES
			? [
					...lines.slice(0, MAX_DETAIL_LINES),
					[{text: `… (${total - MAX_DETAIL_LINES} more lines: tail --json has it all)`}],
				]
			: lines;
	switch (payload.kind) {
		case 'json': {
			const lines = prettyJson(payload.text, MAX_DETAIL_LINES + 1);
			return {lines: cut(lines, lines.length), about: `${gzip}JSON`};
		}
		case 'text': {
			const lines = sanitizeText(payload.text).split('\n');
			return {
				lines: cut(
					lines.slice(0, MAX_DETAIL_LINES + 1).map((text) => [{text}]),
					lines.length,
				),
				about: `${gzip}text`,
			};
		}
		case 'binary': {
			const note = payload.note ? `, ${payload.note}` : '';
			if (binary === 'base64') {
				const text = Buffer.from(payload.bytes).toString('base64');
				const lines = text.match(/.{1,76}/g) ?? [];
				return {
					lines: cut(
						lines.slice(0, MAX_DETAIL_LINES).map((line) => [{text: line}]),
						lines.length,
					),
					about: `${gzip}bytes as base64${note}`,
				};
			}
			// As many bytes a row as keep the ASCII column on the row's line.
			const perRow = hexBytesPerRow(width);
			const total = Math.ceil(payload.bytes.length / perRow);
			return {
				lines: cut(
					hexDump(payload.bytes, MAX_DETAIL_LINES, perRow).map((line) => [{text: line}]),
					total,
				),
				about: `${gzip}bytes as hex${note}`,
			};
		}
	}
}

/** A line of segments broken into rows of at most `width` terminal cells. */
export function wrapSegments(line: readonly Segment[], width: number): Segment[][] {
	const room = Math.max(1, width);
	const rows: Segment[][] = [];
	let row: Segment[] = [];
	let used = 0;
	for (const segment of line) {
		// Plain ASCII, most of what records hold, is one cell a character: cut it by length.
		if (/^[\x20-\x7e]*$/.test(segment.text)) {
			let rest = segment.text;
			while (used + rest.length > room) {
				const fits = room - used;
				if (fits > 0) {
					row.push({...segment, text: rest.slice(0, fits)});
				}
				rows.push(row);
				row = [];
				used = 0;
				rest = rest.slice(fits);
			}
			if (rest) {
				row.push({...segment, text: rest});
				used += rest.length;
			}
			continue;
		}
		let piece = '';
		for (const character of segment.text) {
			const cells = stringWidth(character);
			if (used + cells > room && used > 0) {
				if (piece) {
					row.push({...segment, text: piece});
				}
				rows.push(row);
				row = [];
				piece = '';
				used = 0;
			}
			piece += character;
			used += cells;
		}
		if (piece) {
			row.push({...segment, text: piece});
		}
	}
	rows.push(row);
	return rows;
}
