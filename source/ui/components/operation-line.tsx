import {Text} from 'ink';
import type {Operation} from '../../kinesis/operation.js';

const COLORS: Record<Operation['state'], string> = {
	running: 'yellow',
	done: 'green',
	failed: 'red',
};

/** The answer to the last thing the user asked a pane to do: under way, done, or why not. */
export function OperationLine({operation}: {operation: Operation}) {
	return (
		<Text color={COLORS[operation.state]} wrap="truncate">
			{operation.state === 'failed' ? '⚠ ' : ''}
			{operation.text}
		</Text>
	);
}
