import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import {FieldText} from './field-text.js';

export type TextFieldProps = {
	label: string;
	value: string;
	/** Where the cursor is (at the end when not given). */
	cursor?: number;
	/** The field has the keys: it shows its cursor. */
	focused: boolean;
	/** Why the value is refused, shown under the field. */
	error?: string;
	placeholder?: string;
	width: number;
};

/**
 * A labelled one-line field. It only draws: the pane that owns it edits the value in its key handler
 * (with editLine), so the keys go where the focus is and nowhere else.
 */
export function TextField({
	label,
	value,
	cursor = value.length,
	focused,
	error,
	placeholder,
	width,
}: TextFieldProps) {
	// The label, ": ", and a cell kept free after the value, as a gap before what follows it.
	const room = Math.max(1, width - stringWidth(label) - 3);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<Text color={focused ? 'cyan' : undefined} bold={focused}>
					{label}
				</Text>
				<Text>: </Text>
				{value === '' && placeholder && !focused ? (
					<Text dimColor>{placeholder}</Text>
				) : (
					<FieldText text={value} cursor={cursor} editing={focused} width={room} />
				)}
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
