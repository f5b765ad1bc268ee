import {Box, Text} from 'ink';
import {useState} from 'react';
import {usePaneKeys} from '../key-router.js';
import {helpSections, keysLabel, matches} from '../keymap.js';
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

	usePaneKeys(
		(input, key) => {
			const by = matches('down', input, key)
				? 1
				: matches('up', input, key)
					? -1
					: matches('pageDown', input, key)
						? room.height
						: matches('pageUp', input, key)
							? -room.height
							: matches('bottom', input, key)
								? lines.length
								: matches('top', input, key)
									? -lines.length
									: 0;
			if (by === 0 || !layout.scrolls) {
				return false;
			}
			setOffset(scrollHelp(shownOffset, by, lines.length, room.height));
			return true;
		},
		{isActive: true},
	);

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
