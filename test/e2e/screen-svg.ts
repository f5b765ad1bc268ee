import xterm from '@xterm/headless';

/**
 * Pictures of a terminal drawn from its cells: what the headless emulator holds, character by
 * character with its colours, becomes SVG text. A screenshot is one screen; a recording is many
 * screens shown in turn by CSS animation, each distinct row drawn once and placed where it shows.
 */

export type Cell = {
	chars: string;
	/** Columns the character takes: 1, or 2 for a wide one. */
	width: number;
	fg: string;
	bg: string;
	bold: boolean;
	italic: boolean;
	underline: boolean;
};

export type Screen = {columns: number; rows: number; cells: Cell[][]};

export type Area = {x: number; y: number; width: number; height: number};

/** A dark theme (the 16 colours Ink's named colours use), after VS Code's terminal. */
const PALETTE = [
	'#000000',
	'#cd3131',
	'#0dbc79',
	'#e5e510',
	'#2472c8',
	'#bc3fbc',
	'#11a8cd',
	'#e5e5e5',
	'#666666',
	'#f14c4c',
	'#23d18b',
	'#f5f543',
	'#3b8eea',
	'#d670d6',
	'#29b8db',
	'#ffffff',
];
export const DEFAULT_FG = '#cccccc';
export const DEFAULT_BG = '#1e1e1e';

/** The xterm 256-colour palette: the 16 above, a 6×6×6 cube, then 24 greys. */
export function paletteColor(index: number): string {
	if (index < 16) {
		return PALETTE[index]!;
	}
	if (index < 232) {
		const steps = [0, 95, 135, 175, 215, 255];
		const n = index - 16;
		return hex(steps[Math.floor(n / 36)]!, steps[Math.floor(n / 6) % 6]!, steps[n % 6]!);
	}
	const grey = 8 + (index - 232) * 10;
	return hex(grey, grey, grey);
}

function hex(red: number, green: number, blue: number): string {
	return `#${[red, green, blue].map((part) => part.toString(16).padStart(2, '0')).join('')}`;
}

/** Halfway to the background: how a terminal shows dim text. */
function dim(color: string): string {
	const mix = (offset: number) =>
		Math.round(
			(Number.parseInt(color.slice(offset, offset + 2), 16) +
				Number.parseInt(DEFAULT_BG.slice(offset, offset + 2), 16)) /
				2,
		);
	return hex(mix(1), mix(3), mix(5));
}

type ColorSource = {
	isDefault: boolean;
	isPalette: boolean;
	isRGB: boolean;
	value: number;
};

function resolve({isDefault, isPalette, isRGB, value}: ColorSource, fallback: string): string {
	if (isDefault) {
		return fallback;
	}
	if (isPalette) {
		return paletteColor(value);
	}
	if (isRGB) {
		return hex((value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff);
	}
	return fallback;
}

/** The cells of the screen (or of one area of it) with their colours resolved. */
export function readScreen(terminal: xterm.Terminal, area?: Area): Screen {
	const {x = 0, y = 0, width = terminal.cols, height = terminal.rows} = area ?? {};
	const buffer = terminal.buffer.active;
	const cells: Cell[][] = [];
	for (let row = y; row < y + height; row++) {
		const line = buffer.getLine(buffer.viewportY + row);
		const out: Cell[] = [];
		for (let column = x; column < x + width; column++) {
			const cell = line?.getCell(column);
			if (!cell) {
				out.push(blank());
				continue;
			}
			let fg = resolve(
				{
					isDefault: cell.isFgDefault(),
					isPalette: cell.isFgPalette(),
					isRGB: cell.isFgRGB(),
					value: cell.getFgColor(),
				},
				DEFAULT_FG,
			);
			let bg = resolve(
				{
					isDefault: cell.isBgDefault(),
					isPalette: cell.isBgPalette(),
					isRGB: cell.isBgRGB(),
					value: cell.getBgColor(),
				},
				DEFAULT_BG,
			);
			if (cell.isInverse()) {
				[fg, bg] = [bg, fg];
			}
			if (cell.isDim()) {
				fg = dim(fg);
			}
			out.push({
				chars: cell.isInvisible() ? '' : cell.getChars(),
				width: cell.getWidth(),
				fg,
				bg,
				bold: Boolean(cell.isBold()),
				italic: Boolean(cell.isItalic()),
				underline: Boolean(cell.isUnderline()),
			});
		}
		cells.push(out);
	}
	return {columns: width, rows: height, cells};
}

function blank(): Cell {
	return {
		chars: '',
		width: 1,
		fg: DEFAULT_FG,
		bg: DEFAULT_BG,
		bold: false,
		italic: false,
		underline: false,
	};
}

/**
 * Where the pane whose border title starts with `title` (as `╭─ 3 Tail`) is on the screen: from its
 * top-left corner to its bottom-right one.
 */
export function findPane(terminal: xterm.Terminal, title: string): Area | undefined {
	const buffer = terminal.buffer.active;
	const text = (row: number) =>
		buffer.getLine(buffer.viewportY + row)?.translateToString(false) ?? '';
	for (let y = 0; y < terminal.rows; y++) {
		const x = text(y).indexOf(`╭─ ${title}`);
		if (x < 0) {
			continue;
		}
		const right = text(y).indexOf('╮', x);
		for (let bottom = y + 1; right > x && bottom < terminal.rows; bottom++) {
			if (text(bottom)[x] === '╰') {
				return {x, y, width: right - x + 1, height: bottom - y + 1};
			}
		}
	}
	return undefined;
}

export type Geometry = {fontSize: number; cellWidth: number; cellHeight: number; padding: number};

// Rows as tall as the box-drawing glyphs of common monospace fonts (about 1.16 em), so borders join.
export const GEOMETRY: Geometry = {fontSize: 14, cellWidth: 8.4, cellHeight: 16, padding: 12};

export function escapeXml(text: string): string {
	return text
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll("'", '&apos;');
}

type Style = {fg: string; bold: boolean; italic: boolean; underline: boolean};

/** Class names for the text styles in use, so each run names its style in a few bytes. */
class Styles {
	private readonly names = new Map<string, string>();

	nameOf(style: Style): string {
		const rule = [
			`fill:${style.fg}`,
			style.bold ? 'font-weight:bold' : '',
			style.italic ? 'font-style:italic' : '',
			style.underline ? 'text-decoration:underline' : '',
		]
			.filter(Boolean)
			.join(';');
		let name = this.names.get(rule);
		if (name === undefined) {
			name = `s${this.names.size.toString(36)}`;
			this.names.set(rule, name);
		}
		return name;
	}

	css(): string {
		return [...this.names].map(([rule, name]) => `.${name}{${rule}}`).join('');
	}
}

const number = (value: number) => Number(value.toFixed(2)).toString();

/**
 * One row of cells as SVG, its top at y 0: background runs as rectangles, then text runs of one
 * style each, stretched (textLength) to exactly their columns so any monospace font lines up.
 */
function renderRow(cells: readonly Cell[], styles: Styles, geometry: Geometry): string {
	const {cellWidth, cellHeight, fontSize} = geometry;
	const parts: string[] = [];
	for (let start = 0; start < cells.length;) {
		let end = start;
		while (end < cells.length && cells[end]!.bg === cells[start]!.bg) {
			end++;
		}
		if (cells[start]!.bg !== DEFAULT_BG) {
			parts.push(
				`<rect x="${number(start * cellWidth)}" width="${number((end - start) * cellWidth)}" height="${cellHeight}" fill="${cells[start]!.bg}"/>`,
			);
		}
		start = end;
	}
	// High enough in the row that the foot of _ stays inside it: in a recording, a row drawn again
	// later blanks everything of the row below that strays into it.
	const baseline = number(cellHeight / 2 + fontSize * 0.3);
	const key = (cell: Cell) => `${cell.fg}|${cell.bold}|${cell.italic}|${cell.underline}`;
	for (let start = 0; start < cells.length;) {
		let end = start;
		let text = '';
		while (end < cells.length && key(cells[end]!) === key(cells[start]!)) {
			// The second half of a wide character holds nothing: its first half covers it.
			if (cells[end]!.width > 0) {
				text += cells[end]!.chars || ' ';
			}
			end++;
		}
		const lead = text.length - text.trimStart().length;
		const trimmed = text.trim();
		if (trimmed !== '') {
			const columns = cells.slice(start, end).reduce((sum, cell) => sum + cell.width, 0);
			const trail = text.length - text.trimEnd().length;
			const width = columns - lead - trail;
			parts.push(
				`<text x="${number((start + lead) * cellWidth)}" y="${baseline}" textLength="${number(width * cellWidth)}" class="${styles.nameOf(cells[start]!)}">${escapeXml(trimmed)}</text>`,
			);
		}
		start = end;
	}
	return parts.join('');
}

function frame(
	columns: number,
	rows: number,
	geometry: Geometry,
	css: string,
	body: string,
	title?: string,
): string {
	const {cellWidth, cellHeight, padding, fontSize} = geometry;
	const width = number(columns * cellWidth + 2 * padding);
	const height = number(rows * cellHeight + 2 * padding);
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
		title ? `<title>${escapeXml(title)}</title>` : '',
		`<style>text{font-family:ui-monospace,"Cascadia Mono","DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:${fontSize}px;white-space:pre}${css}</style>`,
		`<rect width="100%" height="100%" rx="6" fill="${DEFAULT_BG}"/>`,
		`<g transform="translate(${padding} ${padding})">${body}</g>`,
		'</svg>\n',
	].join('');
}

/** A screenshot: the screen (or an area of it, see readScreen) as one SVG picture. */
export function screenSvg(
	screen: Screen,
	{geometry = GEOMETRY, title}: {geometry?: Geometry; title?: string} = {},
): string {
	const styles = new Styles();
	// Bottom row first: a row's letters then lie over the background of the row below, not under it.
	const body = screen.cells
		.map((cells, row) => {
			const content = renderRow(cells, styles, geometry);
			return content
				? `<g transform="translate(0 ${row * geometry.cellHeight})">${content}</g>`
				: '';
		})
		.reverse()
		.join('');
	return frame(screen.columns, screen.rows, geometry, styles.css(), body, title);
}

export type Frame = {
	/** Seconds from the start of the recording when this screen appears. */
	time: number;
	screen: Screen;
};

/**
 * A recording as one animated SVG. Each distinct row is drawn once (in <defs>); each frame places
 * the rows that changed since the one before, over it, and is shown from its time to the end of the
 * loop, so a frame costs only its changes.
 */
export function animatedSvg(
	frames: readonly Frame[],
	{
		geometry = GEOMETRY,
		title,
		holdSeconds = 3,
	}: {geometry?: Geometry; title?: string; holdSeconds?: number} = {},
): string {
	if (frames.length === 0) {
		throw new Error('A recording needs at least one frame.');
	}
	const {columns, rows} = frames[0]!.screen;
	const styles = new Styles();
	const rowIds = new Map<string, string>();
	const defs: string[] = [];
	const rowWidth = number(columns * geometry.cellWidth);
	const idOf = (cells: readonly Cell[]) => {
		const content = renderRow(cells, styles, geometry);
		let id = rowIds.get(content);
		if (id === undefined) {
			id = `r${rowIds.size.toString(36)}`;
			rowIds.set(content, id);
			// A row hides whatever an earlier frame drew there.
			defs.push(
				`<g id="${id}"><rect width="${rowWidth}" height="${geometry.cellHeight}" fill="${DEFAULT_BG}"/>${content}</g>`,
			);
		}
		return id;
	};
	const duration = frames.at(-1)!.time + holdSeconds;
	const keyframes: string[] = [];
	const groups: string[] = [];
	let previous: string[] = [];
	frames.forEach(({time, screen}, index) => {
		const ids = screen.cells.map((cells) => idOf(cells));
		const uses = ids
			.map((id, row) =>
				id === previous[row] ? '' : `<use href="#${id}" y="${number(row * geometry.cellHeight)}"/>`,
			)
			.join('');
		previous = ids;
		if (uses === '') {
			return;
		}
		if (index === 0) {
			groups.push(`<g>${uses}</g>`);
			return;
		}
		const at = number((time / duration) * 100);
		keyframes.push(`@keyframes f${index}{0%{visibility:hidden}${at}%,100%{visibility:visible}}`);
		groups.push(
			`<g style="visibility:hidden;animation:f${index} ${number(duration)}s step-end infinite">${uses}</g>`,
		);
	});
	return frame(
		columns,
		rows,
		geometry,
		styles.css() + keyframes.join(''),
		`<defs>${defs.join('')}</defs>${groups.join('')}`,
		title,
	);
}

export type CastEvent = {time: number; data: string};

/** The events of an asciinema cast (v2): its header, then its output events. */
export function parseCast(cast: string): {width: number; height: number; events: CastEvent[]} {
	const [header, ...lines] = cast.split('\n').filter(Boolean);
	const {width, height} = JSON.parse(header!) as {width: number; height: number};
	const events = lines
		.map((line) => JSON.parse(line) as [number, string, string])
		.filter(([, type]) => type === 'o')
		.map(([time, , data]) => ({time, data}));
	return {width, height, events};
}

/**
 * Plays a cast into a headless terminal and keeps the screen each time it settles: output closer
 * together than `settleSeconds` is one change; a pause longer than `idleSeconds` is shortened to it;
 * screens that look the same as the one before are dropped; beyond `maxFrames`, the shortest-lived
 * frames give way.
 */
export async function castFrames(
	cast: string,
	{
		settleSeconds = 0.1,
		idleSeconds = 1.5,
		maxFrames = 100,
	}: {settleSeconds?: number; idleSeconds?: number; maxFrames?: number} = {},
): Promise<Frame[]> {
	const {width, height, events} = parseCast(cast);
	const terminal = new xterm.Terminal({cols: width, rows: height, allowProposedApi: true});
	const frames: Array<Frame & {key: string}> = [];
	let clock = 0;
	let last = 0;
	for (let index = 0; index < events.length;) {
		const start = events[index]!.time;
		let data = '';
		while (index < events.length && events[index]!.time - start < settleSeconds) {
			data += events[index]!.data;
			index++;
		}
		await new Promise<void>((resolve) => terminal.write(data, resolve));
		clock += Math.min(start - last, idleSeconds);
		last = start;
		const screen = readScreen(terminal);
		const key = JSON.stringify(screen.cells);
		if (frames.at(-1)?.key !== key) {
			frames.push({time: clock, screen, key});
		}
	}
	terminal.dispose();
	while (frames.length > maxFrames) {
		// The frame on screen the shortest time goes; the first and the last always stay.
		let shortest = 1;
		for (let index = 2; index < frames.length - 1; index++) {
			const life = (at: number) => frames[at + 1]!.time - frames[at]!.time;
			if (life(index) < life(shortest)) {
				shortest = index;
			}
		}
		frames.splice(shortest, 1);
	}
	return frames.map(({time, screen}) => ({time, screen}));
}
