import {Box, Text} from 'ink';
import type {Notice} from '../../services/session.js';

/** The bottom row: what went wrong (or what to press) on the left, counts on the right. */
export function StatusBar({
	width,
	message,
	hints,
	info,
}: {
	width: number;
	message?: Notice;
	hints: string;
	info?: string;
}) {
	return (
		<Box width={width} height={1}>
			<Box flexGrow={1} overflow="hidden">
				{message ? (
					<Text wrap="truncate" color={message.tone === 'error' ? 'red' : 'yellow'}>
						{message.tone === 'error' ? '⚠ ' : ''}
						{message.text}
					</Text>
				) : (
					<Text wrap="truncate" dimColor>
						{hints}
					</Text>
				)}
			</Box>
			{info ? (
				<Box flexShrink={0}>
					<Text dimColor> {info}</Text>
				</Box>
			) : null}
		</Box>
	);
}
