import {Box, Text} from 'ink';
import {useState} from 'react';
import {usePaneTable} from '../key-router.js';
import {type KeyTable, noKeys} from '../key-table.js';
import {helpSections, keysLabel, type Motion} from '../keymap.js';
import {motionActions} from '../list-window.js';
import type {Size} from '../layout.js';
import {COLUMN_GAP, type HelpLine, layoutHelp, scrollHelp} from './help-layout.js';

/** The border, and the title and hint lines inside it. */
const CHROME_ROWS = 4;
const CHROME_COLUMNS = 4;

/** Every key, from the keymap itself; on a small terminal the list scrolls with the list keys. */
export function HelpOverlay({size}: {size: Size}) {
	const room = {
		width: Math.max(1, size.width - CHROME_COLUMNS),
		height: Math.max(1, size.height - CHROME_ROWS),
	};
	const layout = layoutHelp(helpSections(), room);
	const {lines, keyWidth} = layout.columns[0]!;
	const [offset, setOffset] = useState(0);
	const shownOffset = layout.scrolls ? scrollHelp(offset, 0, lines.length, room.height) : 0;

	const by: Record<Motion, number> = {
		down: 1,
		up: -1,
		pageDown: room.height,
		pageUp: -room.height,
		bottom: lines.length,
		top: -lines.length,
	};
	const scroll: KeyTable<undefined> = {
		actions: motionActions(
			(_, motion) =>
				// From the offset the key before left, drawn or not: keys held down all count.
				setOffset((previous) => scrollHelp(previous, by[motion], lines.length, room.height)),
			'scroll',
		),
	};
	usePaneTable(layout.scrolls ? () => scroll : noKeys, () => undefined, {isActive: true});

	const shown = layout.scrolls
		? [{lines: lines.slice(shownOffset, shownOffset + room.height), keyWidth}]
		: layout.columns;
	return (
		<Box
			flexDirection="column"
			width={size.width}
			height={size.height}
			borderStyle="round"
			borderColor="cyan"
			paddingX={1}
			overflow="hidden"
		>
			<Text bold>Keys (? or esc to close)</Text>
			<Box flexDirection="row" columnGap={COLUMN_GAP} height={room.height} overflow="hidden">
				{shown.map((column, index) => (
					<Box key={index} flexDirection="column">
						{column.lines.map((line, row) => (
							<HelpRow key={row} line={line} keyWidth={column.keyWidth} />
						))}
					</Box>
				))}
			</Box>
			<Text dimColor wrap="truncate">
				{layout.scrolls
					? `${keysLabel('down')} ${keysLabel('up')} scroll · ${keysLabel('pageDown')} page · lines ${shownOffset + 1}–${Math.min(lines.length, shownOffset + room.height)} of ${lines.length}`
					: ' '}
			</Text>
		</Box>
	);
}

function HelpRow({line, keyWidth}: {line: HelpLine; keyWidth: number}) {
	switch (line.kind) {
		case 'section': {
			return (
				<Text bold color="cyan">
					{line.text}
				</Text>
			);
		}
		case 'entry': {
			return (
				<Text wrap="truncate">
					<Text color="yellow">{line.keys.padEnd(keyWidth)}</Text> {line.description}
				</Text>
			);
		}
		case 'gap': {
			return <Text> </Text>;
		}
	}
}
