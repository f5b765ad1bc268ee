import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {ActionDialogView} from '../../source/ui/action-dialog/action-dialog.js';
import type {ActionDialog} from '../../source/ui/action-dialog/action-dialog-state.js';

const menu: ActionDialog<string> = {
	kind: 'menu',
	title: 'Manage orders',
	purpose: 'menu',
	verb: 'choose',
	lines: ['Read-only (--read-only): these actions write, so all are off.'],
	index: 5,
	choices: ['create', 'delete', 'retention', 'tags', 'monitoring', 'encryption', 'mode'].map(
		(id, index) => ({id, letter: 'cdrtekp'[index], label: `${id} the stream`}),
	),
	error: 'Refused: the explorer is read-only (--read-only).',
};

describe('action dialog view', () => {
	it('draws everything where there is room', () => {
		const frame =
			render(<ActionDialogView dialog={menu} width={80} height={20} />).lastFrame() ?? '';
		expect(frame).toContain('Manage orders');
		expect(frame).toContain('Read-only (--read-only): these actions write, so all are off.');
		for (const id of ['create', 'mode']) {
			expect(frame).toContain(`${id} the stream`);
		}
		expect(frame).toContain('› k  encryption the stream');
		expect(frame).toContain('Refused: the explorer is read-only (--read-only).');
		expect(frame).toContain('letter or enter choose · esc close');
	});

	it('fits a small pane: the note and the error stay, the menu scrolls to its selection', () => {
		const frame =
			render(<ActionDialogView dialog={menu} width={36} height={10} />).lastFrame() ?? '';
		const lines = frame.split('\n');
		expect(lines).toHaveLength(10);
		expect(lines[0]).toMatch(/^╭─+╮$/);
		expect(lines.at(-1)).toMatch(/^╰─+╯$/);
		expect(frame).toContain('Read-only (--read-only):');
		expect(frame).toContain('› k  encryption the stream');
		expect(frame).not.toContain('create the stream');
		expect(frame).toContain('Refused: the explorer is');
		// Each row is one thing: nothing drawn over anything else.
		expect(lines.filter((line) => line.includes('the stream'))).toHaveLength(2);
	});
});
