import xterm from '@xterm/headless';
import {describe, expect, it} from 'vitest';
import {
	animatedSvg,
	castFrames,
	DEFAULT_BG,
	DEFAULT_FG,
	findPane,
	paletteColor,
	readScreen,
	screenSvg,
} from './screen-svg.js';

const ESC = '\u001b';

async function terminalShowing(text: string, columns = 40, rows = 6): Promise<xterm.Terminal> {
	const terminal = new xterm.Terminal({cols: columns, rows, allowProposedApi: true});
	await new Promise<void>((resolve) => terminal.write(text, resolve));
	return terminal;
}

function castOf(events: Array<[number, string]>, columns = 20, rows = 3): string {
	return [
		JSON.stringify({version: 2, width: columns, height: rows}),
		...events.map(([time, data]) => JSON.stringify([time, 'o', data])),
	].join('\n');
}

describe('pictures of the terminal', () => {
	it('reads each cell with its colours: palette, 256 colours, RGB, inverse, dim, bold', async () => {
		const terminal = await terminalShowing(
			`${ESC}[31mred${ESC}[0m ${ESC}[1;38;5;208mamber${ESC}[0m ${ESC}[38;2;1;2;3mrgb${ESC}[0m ${ESC}[7minv${ESC}[0m ${ESC}[2mdim${ESC}[0m ${ESC}[44mbg${ESC}[0m`,
		);
		const [row] = readScreen(terminal).cells;
		expect(row![0]).toMatchObject({chars: 'r', fg: paletteColor(1), bg: DEFAULT_BG, bold: false});
		expect(row![4]).toMatchObject({chars: 'a', fg: '#ff8700', bold: true});
		expect(row![10]).toMatchObject({chars: 'r', fg: '#010203'});
		expect(row![14]).toMatchObject({chars: 'i', fg: DEFAULT_BG, bg: DEFAULT_FG});
		// Dim is halfway from the colour to the background.
		expect(row![18]).toMatchObject({chars: 'd', fg: '#757575'});
		expect(row![22]).toMatchObject({chars: 'b', fg: DEFAULT_FG, bg: paletteColor(4)});
		terminal.dispose();
	});

	it('draws runs of one style as text of that colour, over rectangles of their background', async () => {
		const terminal = await terminalShowing(`${ESC}[32mok${ESC}[0m  ${ESC}[1;41m<a & "b">${ESC}[0m`);
		const svg = screenSvg(readScreen(terminal), {title: 'a <test>'});
		expect(svg).toMatch(
			/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="[\d.]+" height="[\d.]+"/,
		);
		expect(svg).toContain('<title>a &lt;test&gt;</title>');
		// Text is escaped, and lies where its columns are, stretched to exactly their width.
		const escaped =
			/<text x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" class="(s\w+)">&lt;a &amp; &quot;b&quot;&gt;<\/text>/.exec(
				svg,
			);
		expect(escaped).not.toBeNull();
		expect(Number(escaped![1])).toBeCloseTo(4 * 8.4);
		expect(Number(escaped![2])).toBeCloseTo(9 * 8.4);
		expect(svg).toContain(`.${escaped![3]}{fill:${DEFAULT_FG};font-weight:bold}`);
		expect(svg).toMatch(
			new RegExp(`<rect x="33.6" width="75.6" height="16" fill="${paletteColor(1)}"/>`),
		);
		const green = /<text x="0" [^>]*class="(s\w+)">ok<\/text>/.exec(svg);
		expect(svg).toContain(`.${green![1]}{fill:${paletteColor(2)}}`);
		// Blank cells draw nothing: no text of spaces.
		expect(svg).not.toMatch(/>\s+<\/text>/);
		terminal.dispose();
	});

	it('gives a wide character its two columns', async () => {
		const terminal = await terminalShowing('日本 x');
		const [row] = readScreen(terminal).cells;
		expect(row!.slice(0, 5).map((cell) => cell.width)).toEqual([2, 0, 2, 0, 1]);
		expect(screenSvg(readScreen(terminal))).toMatch(/textLength="50.4"[^>]*>日本 x</);
		terminal.dispose();
	});

	it('finds a pane by its title and reads only its box', async () => {
		const lines = [
			'top line',
			'  ╭─ 2 Shards ─╮ ╭─ 3 Tail ─╮',
			'  │ a          │ │ b        │',
			'  ╰────────────╯ ╰──────────╯',
		];
		const terminal = await terminalShowing(lines.join('\r\n'));
		const area = findPane(terminal, '3 Tail');
		const x = lines[1]!.indexOf('╭─ 3');
		expect(area).toEqual({x, y: 1, width: 12, height: 3});
		const screen = readScreen(terminal, area);
		expect(screen.cells.map((row) => row.map((cell) => cell.chars).join(''))).toEqual(
			lines.slice(1).map((line) => line.slice(x)),
		);
		expect(findPane(terminal, '9 None')).toBeUndefined();
		terminal.dispose();
	});

	it('plays a cast into frames: a burst is one frame, a long pause is cut short, a repeat dropped', async () => {
		const frames = await castFrames(
			castOf([
				[0, 'one'],
				[0.02, ' two'],
				[10, '\r\nthree'],
				[10.5, `${ESC}[0m`],
				[11, ' four'],
			]),
			{settleSeconds: 0.1, idleSeconds: 1},
		);
		const text = (index: number) =>
			frames[index]!.screen.cells.map((row) =>
				row
					.map((cell) => cell.chars || ' ')
					.join('')
					.trimEnd(),
			);
		expect(frames).toHaveLength(3);
		expect(text(0)).toEqual(['one two', '', '']);
		expect(frames[1]!.time).toBe(1);
		expect(text(1)).toEqual(['one two', 'three', '']);
		expect(frames[2]!.time).toBe(2);
		expect(text(2)).toEqual(['one two', 'three four', '']);
	});

	it('keeps the first and the last frame when there are too many', async () => {
		const events = Array.from({length: 30}, (_, index): [number, string] => [
			index,
			`${index % 10}`,
		]);
		const frames = await castFrames(castOf(events, 40), {maxFrames: 5});
		expect(frames).toHaveLength(5);
		expect(frames[0]!.time).toBe(0);
		expect(
			frames
				.at(-1)!
				.screen.cells[0]!.map((cell) => cell.chars)
				.join(''),
		).toContain('9');
	});

	it('animates frames: each distinct row drawn once, each frame showing from its time', async () => {
		const frames = await castFrames(
			castOf([
				[0, 'same\r\nfirst'],
				[1, `${ESC}[2;1Hsecond`],
				[2, `${ESC}[2;1Hfirst `],
			]),
		);
		expect(frames.map(({time}) => time)).toEqual([0, 1, 2]);
		const svg = animatedSvg(frames, {holdSeconds: 2});
		// Rows "same", "first", "second" and the blank one: each defined once, used where they show.
		expect(svg.match(/<g id="r\w+">/g)).toHaveLength(4);
		expect(svg.match(/>same</g)).toHaveLength(1);
		expect(svg.match(/>first</g)).toHaveLength(1);
		// Frame 1 shows from 25% of a 4 s loop, frame 2 from 50%, each only its changed row.
		expect(svg).toContain('@keyframes f1{0%{visibility:hidden}25%,100%{visibility:visible}}');
		expect(svg).toContain('@keyframes f2{0%{visibility:hidden}50%,100%{visibility:visible}}');
		expect(svg).toMatch(/animation:f1 4s step-end infinite"><use href="#r\w+" y="16"\/><\/g>/);
		expect(() => animatedSvg([])).toThrow('at least one frame');
	});
});
