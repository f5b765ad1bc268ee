import {Box, Text} from 'ink';
import type {ReactNode} from 'react';

export type DialogProps = {
	title: string;
	width: number;
	/** The keys that answer it, e.g. "enter split · esc cancel". */
	hints: string;
	tone?: 'normal' | 'danger';
	children: ReactNode;
};

/**
 * A bordered box that asks something of the user (a confirmation, a few fields) inside a pane. It
 * only draws; the pane that opens it handles its keys.
 */
export function Dialog({title, width, hints, tone = 'normal', children}: DialogProps) {
	const color = tone === 'danger' ? 'red' : 'cyan';
	return (
		<Box flexDirection="column" width={width} borderStyle="round" borderColor={color} paddingX={1}>
			<Text bold color={color} wrap="truncate">
				{title}
			</Text>
			{children}
			<Text dimColor wrap="truncate">
				{hints}
			</Text>
		</Box>
	);
}
