import {afterEach, describe, expect, it} from 'vitest';
import {KEYS, TerminalRig} from './terminal-rig.js';

describe('the terminal rig', () => {
	let rig: TerminalRig | undefined;
	afterEach(() => rig?.kill());

	it('shows a frame only once it is whole, as a terminal does with a synchronized update', async () => {
		// A frame begun (the screen cleared, half of it written) that ends only when the test says so.
		rig = new TerminalRig([], {
			columns: 40,
			rows: 4,
			shell: String.raw`stty -echo; printf 'old frame\r\nits hint\r\n'; printf '\033[?2026h\033[2J\033[Hnew frame'; read line; printf '\r\nnew hint\033[?2026l'; read line`,
		});
		await rig.waitUntil(() => rig!.rawOutput().includes('new frame'), 'the half frame written');
		await rig.waitUntil(
			() => rig!.terminal.modes.synchronizedOutputMode,
			'the half frame read by the emulator',
		);
		// The emulator's own buffer holds the half frame; the screen read is the one before it.
		expect(rig.terminal.buffer.active.getLine(0)?.translateToString(true)).toBe('new frame');
		expect(rig.screen()).toContain('old frame\nits hint');
		expect(rig.screen()).not.toContain('new frame');

		await rig.press(KEYS.enter);
		const whole = await rig.waitFor('new hint');
		expect(whole).toContain('new frame\nnew hint');
		expect(whole).not.toContain('old frame');
	});
});
