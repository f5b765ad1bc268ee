import {Box, Text} from 'ink';
import {helpSections} from '../keymap.js';
import type {Size} from '../layout.js';

/** Every key, from the keymap itself. */
export function HelpOverlay({size}: {size: Size}) {
	const sections = helpSections();
	const keyWidth = Math.max(
		...sections.flatMap(({entries}) => entries.map((entry) => entry.keys.length)),
	);
	return (
		<Box
			flexDirection="column"
			width={size.width}
			height={size.height}
			borderStyle="round"
			borderColor="cyan"
			paddingX={1}
			overflow="hidden"
		>
			<Text bold>Keys (? or esc to close)</Text>
			<Box flexDirection="row" flexWrap="wrap" columnGap={4}>
				{sections.map(({section, entries}) => (
					<Box key={section} flexDirection="column" marginTop={1}>
						<Text bold color="cyan">
							{section}
						</Text>
						{entries.map((entry) => (
							<Text key={entry.description}>
								<Text color="yellow">{entry.keys.padEnd(keyWidth)}</Text> {entry.description}
							</Text>
						))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
