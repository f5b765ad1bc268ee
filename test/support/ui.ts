import {stripVTControlCharacters} from 'node:util';
import {vi} from 'vitest';

/** Keys as a terminal sends them, for ink-testing-library's stdin. */
export const KEY = {
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	up: '\u001B[A',
	down: '\u001B[B',
	backspace: '\u007F',
	ctrlC: '\u0003',
	// The line editor's keys, as xterm sends them.
	left: '\u001B[D',
	right: '\u001B[C',
	home: '\u001B[H',
	end: '\u001B[F',
	delete: '\u001B[3~',
	ctrlLeft: '\u001B[1;5D',
	ctrlA: '\u0001',
	ctrlE: '\u0005',
	ctrlK: '\u000B',
	ctrlU: '\u0015',
	ctrlW: '\u0017',
	altB: '\u001Bb',
	altF: '\u001Bf',
} as const;

/** `count` backspaces, to clear a field. */
export const backspaces = (count: number) => Array.from({length: count}, () => KEY.backspace);

/**
 * Keys one write at a time, each after the event loop has turned once: as a person types them,
 * never two in one read (which Ink would take for a paste).
 */
export async function type(stdin: {write(data: string): void}, ...keys: string[]): Promise<void> {
	for (const key of keys) {
		stdin.write(key);
		await new Promise((resolve) => setImmediate(resolve));
	}
}

/**
 * Waits (bounded) until the last frame, without its colours, passes the check: Ink draws after
 * effects and timers, so a frame is waited for, never assumed.
 */
export async function frameWith(
	lastFrame: () => string | undefined,
	check: (frame: string) => void,
): Promise<void> {
	await vi.waitFor(() => check(stripVTControlCharacters(lastFrame() ?? '')), {
		timeout: 30_000,
		interval: 20,
	});
}

/** The frame's text without borders, lines joined: for messages that wrap. */
export const flat = (frame: string) => frame.replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');
