import {execFileSync} from 'node:child_process';
import process from 'node:process';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import {CLI, cleanEnv} from '../support/cli.js';

/**
 * The built explorer in a real pseudo-terminal, its output fed to a headless terminal emulator, so a
 * test reads the screen as a person sees it (rows of text, colours where it matters) and types keys
 * as a person would.
 */

export const KEYS = {
	enter: '\r',
	escape: '\u001b',
	tab: '\t',
	shiftTab: '\u001b[Z',
	up: '\u001b[A',
	down: '\u001b[B',
	ctrlC: '\u0003',
	backspace: '\u007f',
	pageDown: '\u001b[6~',
	ctrlU: '\u0015',
} as const;

export type RigOptions = {
	columns?: number;
	rows?: number;
	env?: Record<string, string | undefined>;
	/** A pause after each key typed, for a recording a person can follow (tests need none). */
	keyPauseMs?: number;
	/** Run this shell line instead of the explorer (its redirections are the point). */
	shell?: string;
};

/** What the program wrote, a chunk at a time, with the seconds since it started. */
export type Chunk = {time: number; data: string};

export type Exit = {exitCode: number; signal?: number};

/** A row of the screen: its text, and the foreground colour of each cell (-1 for the default). */
type ScreenRow = {text: string; colors: number[]};

/** DEC private mode 2026: the frame between its set and reset is shown at once, whole. */
const SYNCHRONIZED_OUTPUT = 2026;

export class TerminalRig {
	readonly terminal: xterm.Terminal;
	readonly exited: Promise<Exit>;
	/** Every window title the program set: a record's data must never set one. */
	readonly titles: string[] = [];
	/** What the program put on the clipboard (OSC 52), decoded, in order. */
	readonly clipboard: string[] = [];
	/** Everything the program wrote, as it came: a recording of the session. */
	readonly chunks: Chunk[] = [];
	private readonly process: pty.IPty;
	private readonly started = performance.now();
	private readonly keyPauseMs: number;
	private output = '';
	/** Settles once the emulator has parsed everything read so far (it parses a write later). */
	private parsed: Promise<void> = Promise.resolve();
	/** Resolves when kill disposes of the emulator, which then parses nothing more. */
	private readonly disposed: Promise<void>;
	private dispose!: () => void;
	/** The screen as it was when the frame being written began (see lines). */
	private beforeFrame: ScreenRow[] = [];

	constructor(
		args: readonly string[],
		{columns = 120, rows = 36, env = {}, keyPauseMs = 0, shell}: RigOptions = {},
	) {
		this.keyPauseMs = keyPauseMs;
		this.disposed = new Promise((resolve) => {
			this.dispose = resolve;
		});
		this.terminal = new xterm.Terminal({cols: columns, rows, allowProposedApi: true});
		this.terminal.onTitleChange((title) => this.titles.push(title));
		// OSC 52: `c;<base64>`, as a terminal that keeps a clipboard reads it.
		this.terminal.parser.registerOscHandler(52, (data) => {
			this.clipboard.push(Buffer.from(data.slice(data.indexOf(';') + 1), 'base64').toString());
			return true;
		});
		const [file, argv] = shell ? ['/bin/sh', ['-c', shell]] : [process.execPath, [CLI, ...args]];
		this.process = pty.spawn(file, argv, {
			name: 'xterm-256color',
			cols: columns,
			rows,
			cwd: process.cwd(),
			// A variable given as undefined is left out (NO_COLOR tests take FORCE_COLOR away).
			env: Object.fromEntries(
				Object.entries({
					...cleanEnv(),
					// A person's terminal shows colours; without this, CI=false below turns them off.
					FORCE_COLOR: '3',
					...env,
					// Ink prints only the last frame when it believes it runs in CI.
					CI: 'false',
					TERM: 'xterm-256color',
				}).filter((entry): entry is [string, string] => entry[1] !== undefined),
			),
		});
		this.process.onData((data) => {
			this.output += data;
			this.chunks.push({time: (performance.now() - this.started) / 1000, data});
			this.parsed = new Promise((resolve) => {
				this.terminal.write(data, resolve);
			});
		});
		// Ink writes each frame as one synchronized update (DEC mode 2026): a terminal shows none of it
		// until its end. The emulator here applies the frame as it reads it, in chunks, and the first
		// thing a full-screen frame does is clear the screen: half a frame read in between would show
		// a screen the program never meant (a hint gone that is still there). Kept as it was when the
		// update began, the screen a test reads is always a whole frame.
		this.terminal.parser.registerCsiHandler({prefix: '?', final: 'h'}, (params) => {
			if (params.includes(SYNCHRONIZED_OUTPUT) && !this.midFrame()) {
				this.beforeFrame = this.liveRows();
			}
			return false;
		});
		// What the emulator answers (cursor position reports and the like) goes back to the program.
		this.terminal.onData((data) => this.process.write(data));
		// node-pty reports the exit once it has read all the program wrote; the emulator may not have
		// parsed the last of it yet (leaving the alternate screen, say): the exit waits for that too.
		this.exited = new Promise<Exit>((resolve) => {
			this.process.onExit(({exitCode, signal}) => resolve({exitCode, signal}));
		}).then(async (exit) => {
			await Promise.race([this.parsed, this.disposed]);
			return exit;
		});
	}

	get pid(): number {
		return this.process.pid;
	}

	/** The screen as text, one string a row, trailing blanks trimmed: the last whole frame. */
	lines(): string[] {
		return this.midFrame() ? this.beforeFrame.map((row) => row.text) : this.liveText();
	}

	screen(): string {
		return this.lines().join('\n');
	}

	/** Everything the program wrote, escape sequences and all. */
	rawOutput(): string {
		return this.output;
	}

	/** The foreground colour (xterm palette index, or -1 for the default) of the first cell showing `text`. */
	colorOf(text: string): number | undefined {
		const rows = this.midFrame() ? this.beforeFrame : this.liveRows();
		const row = rows.find((line) => line.text.includes(text));
		return row?.colors[row.text.indexOf(text)];
	}

	/** Whether a frame is being written: begun (a synchronized update) and not yet ended. */
	private midFrame(): boolean {
		return this.terminal.modes.synchronizedOutputMode;
	}

	/** The emulator's screen as it stands, as text. */
	private liveText(): string[] {
		const buffer = this.terminal.buffer.active;
		return Array.from(
			{length: this.terminal.rows},
			(_, row) => buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '',
		);
	}

	/** The emulator's screen as it stands, with each cell's colour. */
	private liveRows(): ScreenRow[] {
		const buffer = this.terminal.buffer.active;
		const cell = buffer.getNullCell();
		return this.liveText().map((text, row) => {
			const line = buffer.getLine(buffer.viewportY + row);
			const colors = Array.from({length: line?.length ?? 0}, (_, column) => {
				line!.getCell(column, cell);
				return cell.isFgDefault() ? -1 : cell.getFgColor();
			});
			return {text, colors};
		});
	}

	/** Waits until the screen shows the text (or matches), up to a bound; throws with the screen if not. */
	async waitFor(expected: string | RegExp, timeoutMs = 30_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const screen = this.screen();
			if (typeof expected === 'string' ? screen.includes(expected) : expected.test(screen)) {
				return screen;
			}
			if (Date.now() > deadline) {
				throw new Error(`The screen never showed ${String(expected)}. It shows:\n${screen}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	/** Waits for the program to end, up to a bound; throws with the screen if it does not. */
	async waitForExit(timeoutMs = 30_000): Promise<Exit> {
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() => reject(new Error(`The program did not end. The screen shows:\n${this.screen()}`)),
				timeoutMs,
			);
		});
		try {
			return await Promise.race([this.exited, timeout]);
		} finally {
			clearTimeout(timer);
		}
	}

	/** Waits until `check` holds, up to a bound: for what the screen's text does not show. */
	async waitUntil(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!check()) {
			if (Date.now() > deadline) {
				throw new Error(`Never came: ${what}. The screen shows:\n${this.screen()}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	/** Waits until the screen no longer shows the text. */
	async waitForGone(text: string, timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (this.screen().includes(text)) {
			if (Date.now() > deadline) {
				throw new Error(`The screen still shows ${text}:\n${this.screen()}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	/**
	 * Types keys, each written on its own. The explorer counts every key however fast they come, so
	 * the rig does not wait between them (unless a recording asks for a person's pace). But esc is
	 * a key only when nothing follows it at once (esc and j read together are alt+j, in any
	 * terminal program): after esc, a test waits for what esc does before it types on.
	 */
	async press(...keys: string[]): Promise<void> {
		for (const [index, key] of keys.entries()) {
			if (key === KEYS.escape && index < keys.length - 1) {
				throw new Error('Esc must be the last key of a press: wait for what it does first.');
			}
			this.process.write(key);
			if (this.keyPauseMs > 0) {
				await new Promise((resolve) => setTimeout(resolve, this.keyPauseMs));
			}
		}
	}

	async type(text: string): Promise<void> {
		await this.press(...text);
	}

	/**
	 * The tail's chooser from its shard menu, the cursor on the shard (or all shards) to read: on to
	 * the start, TRIM_HORIZON, then reading by polling.
	 */
	async tailFromTrimHorizon(): Promise<void> {
		await this.press(KEYS.enter);
		await this.waitFor('Start from:');
		await this.press('j');
		await this.waitFor('❯ TRIM_HORIZON');
		await this.press(KEYS.enter);
		await this.waitFor('Read by:');
		await this.press(KEYS.enter);
	}

	resize(columns: number, rows: number): void {
		this.process.resize(columns, rows);
		this.terminal.resize(columns, rows);
	}

	/** The session so far as an asciinema cast (v2): a header line, then one output event a line. */
	cast(title?: string): string {
		const header = {
			version: 2,
			width: this.terminal.cols,
			height: this.terminal.rows,
			env: {TERM: 'xterm-256color'},
			...(title ? {title} : {}),
		};
		return [
			JSON.stringify(header),
			...this.chunks.map(({time, data}) => JSON.stringify([Number(time.toFixed(3)), 'o', data])),
		].join('\n');
	}

	/** The processes the program started (the embedded engine, with --local). */
	children(): number[] {
		try {
			return execFileSync('pgrep', ['-P', String(this.pid)], {encoding: 'utf8'})
				.split('\n')
				.filter(Boolean)
				.map(Number);
		} catch {
			return [];
		}
	}

	/** Ends the program if a test left it running. */
	kill(): void {
		try {
			this.process.kill('SIGKILL');
		} catch {
			// Already gone.
		}
		this.terminal.dispose();
		this.dispose();
	}
}

export function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
