import {Text} from 'ink';

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
