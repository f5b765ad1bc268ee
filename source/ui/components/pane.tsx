import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import stringWidth from 'string-width';
import type {Size} from '../layout.js';
import {truncate} from '../../format/text-width.js';

export type PaneProps = {
	/** The key that brings it: a pane's digit, or a view's letter; none for a view without one. */
	number?: number | string;
	title: string;
	/** Shown after the title in the top border: a count, a stream name (already made safe) … */
	info?: string;
	size: Size;
	focused: boolean;
	children: ReactNode;
};

/** A bordered pane with its number and title in the top border, bright when it has the keys. */
export function Pane({number, title, info, size, focused, children}: PaneProps) {
	const color = focused ? 'cyan' : 'gray';
	const label = truncate(
		` ${number === undefined ? '' : `${number} `}${title}${info ? ` · ${info}` : ''} `,
		Math.max(0, size.width - 4),
	);
	const dashes = '─'.repeat(Math.max(0, size.width - 3 - stringWidth(label)));
	return (
		<Box flexDirection="column" width={size.width} height={size.height}>
			<Text color={color} bold={focused} wrap="truncate">
				{`╭─${label}${dashes}╮`}
			</Text>
			<Box
				flexDirection="column"
				borderStyle="round"
				borderTop={false}
				borderColor={color}
				paddingX={1}
				width={size.width}
				height={size.height - 1}
				overflow="hidden"
			>
				{children}
			</Box>
		</Box>
	);
}

/** The room inside a pane: borders and padding taken off. */
export function paneContentSize(size: Size): Size {
	return {width: Math.max(0, size.width - 4), height: Math.max(0, size.height - 2)};
}
