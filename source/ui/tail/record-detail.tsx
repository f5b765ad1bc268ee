import {Box, Text} from 'ink';
import type {Segment, Tone} from '../../format/json-tones.js';
import type {TailRecord} from '../../services/tail/tail-service.js';
import type {Size} from '../layout.js';
import {exactBytes} from '../../format/bytes.js';

const TONE_COLORS: Record<Tone, string> = {
	key: 'cyan',
	string: 'green',
	number: 'yellow',
	literal: 'magenta',
};

/** How many rows the fields above the data take (the pane scrolls the data under them). */
export const FIELD_ROWS = 7;

/** One record whole: every field, its size, and all of its data (JSON pretty and coloured). */
export function RecordDetail({
	record,
	rows,
	about,
	scroll,
	size,
}: {
	record: TailRecord;
	rows: Segment[][];
	about: string;
	scroll: number;
	size: Size;
}) {
	const dataHeight = Math.max(1, size.height - FIELD_ROWS);
	const shown = rows.slice(scroll, scroll + dataHeight);
	const field = (label: string, value: string) => (
		<Text wrap="truncate">
			<Text dimColor>{label.padEnd(14)}</Text>
			{value}
		</Text>
	);
	const sub =
		record.subSequenceNumber === undefined
			? ''
			: `  (sub-record ${record.subSequenceNumber} of a KPL aggregate)`;
	return (
		<Box flexDirection="column" height={size.height}>
			{field('shard', record.shardId)}
			{field('sequence', `${record.sequenceNumber}${sub}`)}
			{field(
				'partition key',
				`${record.partitionKey}${record.explicitHashKey ? `  hash key ${record.explicitHashKey}` : ''}`,
			)}
			{field('arrived', record.arrival.toISOString())}
			{field('size', `${exactBytes(record.data.length)} · ${about}`)}
			{record.warning ? (
				<Text color="yellow" wrap="truncate">
					⚠ {record.warning}
				</Text>
			) : (
				<Text dimColor wrap="truncate">
					{rows.length > dataHeight
						? `lines ${scroll + 1}–${Math.min(rows.length, scroll + dataHeight)} of ${rows.length}`
						: ' '}
				</Text>
			)}
			<Text dimColor>{'─'.repeat(Math.max(0, size.width))}</Text>
			<Box flexDirection="column" height={dataHeight} overflow="hidden">
				{shown.map((row, index) => (
					// Rows are positions in a fixed text: their index is their identity.
					<Text key={scroll + index} wrap="truncate">
						{row.length === 0
							? ' '
							: row.map((segment, part) => (
									<Text key={part} color={segment.tone ? TONE_COLORS[segment.tone] : undefined}>
										{segment.text}
									</Text>
								))}
					</Text>
				))}
			</Box>
		</Box>
	);
}
