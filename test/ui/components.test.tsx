import {Box, Text} from 'ink';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Dialog} from '../../source/ui/components/dialog.js';
import {MenuItem} from '../../source/ui/components/menu-item.js';
import {TextField} from '../../source/ui/components/text-field.js';

describe('text field', () => {
	it('shows its label, its value made safe, and why the value is refused', () => {
		const {lastFrame} = render(
			<TextField
				label="Partition key"
				value={'user\u001b[2J-1'}
				focused
				error="A partition key is 1 to 256 characters."
				width={60}
			/>,
		);
		expect(lastFrame()).toBe(
			'Partition key: user␛[2J-1█\n  A partition key is 1 to 256 characters.',
		);
	});

	it('shows its placeholder only while empty and unfocused, and cuts long values to its width', () => {
		expect(
			render(
				<TextField label="Hash key" value="" focused={false} placeholder="optional" width={40} />,
			).lastFrame(),
		).toBe('Hash key: optional');
		expect(
			render(
				<TextField label="Key" value={'x'.repeat(50)} focused={false} width={20} />,
			).lastFrame(),
		).toBe(`Key: ${'x'.repeat(13)}…`);
	});
});

describe('dialog', () => {
	it('frames a question with its title and the keys that answer it', () => {
		const {lastFrame} = render(
			<Dialog
				title="Delete stream orders?"
				width={40}
				hints="enter delete · esc cancel"
				tone="danger"
			>
				<Text>Type the stream's name to confirm.</Text>
			</Dialog>,
		);
		const frame = lastFrame() ?? '';
		expect(frame).toContain('Delete stream orders?');
		expect(frame).toContain("Type the stream's name to confirm.");
		expect(frame).toContain('enter delete · esc cancel');
		expect(frame.split('\n')[0]).toMatch(/^╭─+╮$/);
	});
});

describe('menu item', () => {
	it('cuts a label longer than its menu to one line, rather than wrapping it without its indent', () => {
		const {lastFrame} = render(
			<Box width={30}>
				<MenuItem label="AT_TIMESTAMP           from a time (ISO 8601, or 10m, 2h, 1d ago)" />
			</Box>,
		);
		expect(lastFrame()).toBe('AT_TIMESTAMP           from a…');
	});
});
