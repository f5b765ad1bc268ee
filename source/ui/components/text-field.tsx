import {Box, Text} from 'ink';
import {sanitizeLine} from '../../format/sanitize.js';
import {truncate} from '../../format/text-width.js';

export type TextFieldProps = {
	label: string;
	value: string;
	/** The field has the keys: it shows a cursor. */
	focused: boolean;
	/** Why the value is refused, shown under the field. */
	error?: string;
	placeholder?: string;
	width: number;
};

/**
 * A labelled one-line field. It only draws: the pane that owns it edits the value in its key handler
 * (with editText), so the keys go where the focus is and nowhere else.
 */
export function TextField({label, value, focused, error, placeholder, width}: TextFieldProps) {
	const room = Math.max(1, width - label.length - 3);
	const shown = value === '' ? '' : truncate(sanitizeLine(value), room);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<Text color={focused ? 'cyan' : undefined} bold={focused}>
					{label}
				</Text>
				<Text>: </Text>
				{shown === '' && placeholder && !focused ? (
					<Text dimColor>{placeholder}</Text>
				) : (
					<Text>{shown}</Text>
				)}
				{focused ? <Text color="cyan">█</Text> : null}
			</Text>
			{error ? (
				<Text color="red" wrap="truncate">
					{'  '}
					{error}
				</Text>
			) : null}
		</Box>
	);
}
