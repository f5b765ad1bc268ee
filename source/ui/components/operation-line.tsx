import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import type {Operation} from '../../services/operation.js';

const COLORS: Record<Operation['state'], string> = {
	running: 'yellow',
	done: 'green',
	failed: 'red',
};

const MAX_ROWS = 3;

/** The rows the answer takes: a refusal is read in full (up to three rows), the rest in one. */
export function operationRows(operation: Operation | undefined, width: number): number {
	if (!operation) {
		return 0;
	}
	if (operation.state !== 'failed') {
		return 1;
	}
	return Math.min(
		MAX_ROWS,
		Math.max(1, Math.ceil(stringWidth(textOf(operation)) / Math.max(1, width))),
	);
}

/** The answer to the last thing the user asked a pane to do: under way, done, or why not. */
export function OperationLine({operation, width}: {operation: Operation; width: number}) {
	const rows = operationRows(operation, width);
	return (
		<Box height={rows} flexShrink={0}>
			<Text color={COLORS[operation.state]} wrap={rows > 1 ? 'wrap' : 'truncate'}>
				{textOf(operation)}
			</Text>
		</Box>
	);
}

function textOf(operation: Operation): string {
	return `${operation.state === 'failed' ? '⚠ ' : ''}${operation.text}`;
}
