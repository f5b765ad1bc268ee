import {keysLabel} from '../keymap.js';
import {Box, Text} from 'ink';
import {sanitizeLine} from '../../format/sanitize.js';
import {truncate} from '../../format/text-width.js';
import {cursorPosition} from './multiline-edit.js';

export type DataViewProps = {
	text: string;
	cursor: number;
	/** The data has the keys: the cursor shows, and the lines scroll to keep it in view. */
	editing: boolean;
	lines: number;
	width: number;
};

/** The record's data, a window of its lines, indented under its label. */
export function DataView({text, cursor, editing, lines, width}: DataViewProps) {
	const position = cursorPosition({text, cursor});
	const first = editing ? Math.max(0, Math.min(position.line, position.lines.length - lines)) : 0;
	const shown = position.lines.slice(first, first + lines);
	const room = Math.max(1, width - 2);
	return (
		<Box flexDirection="column" height={lines}>
			{text === '' && !editing ? (
				<Text dimColor wrap="truncate">
					{'  '}(empty: {keysLabel('editField')} or {keysLabel('open')} to type, paste works too)
				</Text>
			) : (
				shown.map((line, index) => {
					const number = first + index;
					const key = `${number}`;
					if (!editing || number !== position.line) {
						return (
							<Text key={key} wrap="truncate">
								{'  '}
								{truncate(sanitizeLine(line), room)}
							</Text>
						);
					}
					// The part of the line around the cursor that fits: long lines scroll sideways.
					const start = Math.max(0, position.column - room + 1);
					const before = sanitizeLine(line.slice(start, position.column));
					const codePoint = line.codePointAt(position.column);
					const at = codePoint === undefined ? '' : String.fromCodePoint(codePoint);
					const after = sanitizeLine(line.slice(position.column + at.length));
					return (
						<Text key={key} wrap="truncate">
							{'  '}
							{before}
							<Text inverse color="cyan">
								{at === '' ? ' ' : sanitizeLine(at)}
							</Text>
							{truncate(after, Math.max(0, room - before.length - 1))}
						</Text>
					);
				})
			)}
		</Box>
	);
}
