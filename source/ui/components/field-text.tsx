import {Text} from 'ink';
import {sanitizeLine} from '../../format/sanitize.js';
import {truncate} from '../../format/text-width.js';
import {fieldWindow} from './field-window.js';

export type FieldTextProps = {
	text: string;
	/** Where the cursor is, in UTF-16 units; drawn only while the field has the keys. */
	cursor: number;
	editing: boolean;
	/** Terminal cells the text may take, the cursor's included. */
	width: number;
};

/**
 * A field's text on one line. While it is edited, the part around the cursor that fits, with the
 * cursor drawn where it is: on the character it is before, or as a block after the end. Otherwise its
 * start.
 */
export function FieldText({text, cursor, editing, width}: FieldTextProps) {
	if (!editing) {
		return <Text>{truncate(sanitizeLine(text), width)}</Text>;
	}
	const {before, at, after} = fieldWindow(text, cursor, width);
	return (
		<Text>
			{before}
			{at === '' ? (
				<Text color="cyan">█</Text>
			) : (
				<Text inverse color="cyan">
					{at}
				</Text>
			)}
			{after}
		</Text>
	);
}
