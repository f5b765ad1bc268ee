import {Box, Text} from 'ink';

/**
 * A menu line cut to the pane's width (ink-select-input's own item wraps, and the wrapped part loses
 * the menu's indent).
 */
export function MenuItem({isSelected = false, label}: {isSelected?: boolean; label: string}) {
	return (
		<Text color={isSelected ? 'blue' : undefined} wrap="truncate">
			{label}
		</Text>
	);
}

/**
 * The cursor before a menu line, in a column of its own that never shrinks: a long line cut to the
 * pane's width would squeeze it, and the rows would fall out of line.
 */
export function MenuIndicator({isSelected = false}: {isSelected?: boolean}) {
	return (
		<Box flexShrink={0} width={2}>
			<Text color="blue">{isSelected ? '❯' : ' '}</Text>
		</Box>
	);
}
