import process from 'node:process';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import {CLI, childEnv} from './measure.js';

/**
 * The built explorer in a pseudo-terminal, read through a headless terminal emulator: what the
 * benchmarks time is what a person would see. (As test/e2e/terminal-rig.ts, which finds the CLI
 * from its own place in the tree; these files run compiled from elsewhere.)
 */
export class Screen {
	readonly pid: number;
	readonly exited: Promise<number>;
	/** performance.now() of the last output the emulator has parsed. */
	lastOutputAt = 0;
	private readonly terminal: xterm.Terminal;
	private readonly process: pty.IPty;

	/** `nodeArgs` go to node before the CLI: `--cpu-prof` or `--trace-gc`, to look into a figure. */
	constructor(
		args: readonly string[],
		{columns = 120, rows = 36, nodeArgs = [] as readonly string[]} = {},
	) {
		this.terminal = new xterm.Terminal({cols: columns, rows, allowProposedApi: true});
		this.process = pty.spawn(process.execPath, [...nodeArgs, CLI, ...args], {
			name: 'xterm-256color',
			cols: columns,
			rows,
			cwd: process.cwd(),
			env: terminalEnv(),
		});
		this.pid = this.process.pid;
		this.process.onData((data) => {
			this.terminal.write(data, () => {
				this.lastOutputAt = performance.now();
			});
		});
		this.terminal.onData((data) => this.process.write(data));
		this.exited = new Promise((resolve) => {
			this.process.onExit(({exitCode}) => resolve(exitCode));
		});
	}

	lines(): string[] {
		const buffer = this.terminal.buffer.active;
		return Array.from(
			{length: this.terminal.rows},
			(_, row) => buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '',
		);
	}

	text(): string {
		return this.lines().join('\n');
	}

	/** Polls the screen every few milliseconds until it matches; resolves with performance.now() then. */
	async waitFor(expected: string | RegExp, timeoutMs = 60_000, everyMs = 5): Promise<number> {
		const deadline = performance.now() + timeoutMs;
		for (;;) {
			const text = this.text();
			if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) {
				return performance.now();
			}
			if (performance.now() > deadline) {
				throw new Error(`The screen never showed ${String(expected)}. It shows:\n${text}`);
			}
			await new Promise((resolve) => setTimeout(resolve, everyMs));
		}
	}

	/** Whether a row showing `text` shows it in inverse video: the selected row of a focused list. */
	isSelected(text: string): boolean {
		const buffer = this.terminal.buffer.active;
		for (let row = 0; row < this.terminal.rows; row++) {
			const line = buffer.getLine(buffer.viewportY + row);
			const column = line?.translateToString(true).indexOf(text) ?? -1;
			if (column >= 0 && line?.getCell(column)?.isInverse()) {
				return true;
			}
		}
		return false;
	}

	/** Polls every millisecond until `isSelected(text)`; resolves with performance.now() then. */
	async waitForSelected(text: string, timeoutMs = 10_000): Promise<number> {
		const deadline = performance.now() + timeoutMs;
		while (!this.isSelected(text)) {
			if (performance.now() > deadline) {
				throw new Error(`The screen never showed ${text} selected. It shows:\n${this.text()}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 1));
		}
		return performance.now();
	}

	write(keys: string): void {
		this.process.write(keys);
	}

	async quit(): Promise<void> {
		this.process.write('q');
		const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
		await Promise.race([this.exited, timeout]);
		this.kill();
	}

	kill(): void {
		try {
			this.process.kill('SIGKILL');
		} catch {
			// Already gone.
		}
		this.terminal.dispose();
	}
}

/**
 * No CI variable at all: Ink prints only the last frame where one says CI, and chalk turns colours
 * (and inverse video, which shows the selected row) off where any CI variable is set, even CI=false.
 */
function terminalEnv(): Record<string, string> {
	const env = childEnv({TERM: 'xterm-256color'});
	delete env.CI;
	return env;
}
