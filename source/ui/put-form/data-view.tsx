import {keysLabel} from '../keymap.js';
import {Box, Text} from 'ink';
import {FieldText} from '../components/field-text.js';
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
					// The cursor's line shows the part around the cursor: long lines scroll sideways.
					const here = editing && number === position.line;
					return (
						<Text key={number} wrap="truncate">
							{'  '}
							<FieldText
								text={line}
								cursor={here ? position.column : 0}
								editing={here}
								width={room}
							/>
						</Text>
					);
				})
			)}
		</Box>
	);
}
