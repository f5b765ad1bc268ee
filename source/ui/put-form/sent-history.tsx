import {shardLabel} from '../../format/shard-text.js';
import {keysLabel} from '../keymap.js';
import {Box, Text} from 'ink';
import type {SentRecord} from '../../services/put/put-service.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {fitWidth, truncate} from '../../format/text-width.js';

export type SentHistoryProps = {
	history: readonly SentRecord[];
	/** The selected row, when the selection is in the history. */
	selected?: number;
	focused: boolean;
	lines: number;
	width: number;
};

/** The records sent from the form, newest first, scrolled to keep the selected one in view. */
export function SentHistory({history, selected, focused, lines, width}: SentHistoryProps) {
	if (lines <= 0) {
		return null;
	}
	const rows = lines - 1;
	const first = selected === undefined ? 0 : Math.max(0, selected - rows + 1);
	return (
		<Box flexDirection="column" height={lines}>
			<Text dimColor wrap="truncate">
				{history.length === 0
					? 'Sent records appear here, to send again or edit.'
					: `Sent (${history.length}) · ${keysLabel('open')} edit · ${keysLabel('send')} send again`}
			</Text>
			{history.slice(first, first + rows).map((record, index) => {
				const isSelected = first + index === selected;
				const time = new Date(record.sentAt).toTimeString().slice(0, 8);
				const shard = fitWidth(shardLabel(record.shardId), 9);
				const key = fitWidth(sanitizeLine(record.draft.partitionKey), 12);
				const data = sanitizeLine(record.draft.data);
				return (
					<Text key={record.id} wrap="truncate" inverse={isSelected && focused} bold={isSelected}>
						{truncate(`${time} ${shard} ${key} ${data}`, width)}
					</Text>
				);
			})}
		</Box>
	);
}
