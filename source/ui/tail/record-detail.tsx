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

const LABEL_WIDTH = 14;

/**
 * The fields above the data, each a label and its value, a long value (a 56-digit sequence number,
 * a key and its hash key) broken over the rows below its label rather than cut.
 */
export function fieldRows(
	record: TailRecord,
	width: number,
): Array<[label: string, value: string]> {
	const sub =
		record.subSequenceNumber === undefined
			? ''
			: `  (sub-record ${record.subSequenceNumber} of a KPL aggregate)`;
	const fields: Array<[string, string]> = [
		['shard', record.shardId],
		['sequence', `${record.sequenceNumber}${sub}`],
		[
			'partition key',
			`${record.partitionKey}${record.explicitHashKey ? `  hash key ${record.explicitHashKey}` : ''}`,
		],
		['arrived', record.arrival.toISOString()],
	];
	const room = Math.max(8, width - LABEL_WIDTH);
	return fields.flatMap(([label, value]) =>
		(value.match(new RegExp(`.{1,${room}}`, 'gsu')) ?? ['']).map(
			(part, index): [string, string] => [index === 0 ? label : '', part],
		),
	);
}

/** The rows above the data: the fields, the size, a warning or the line count, and a rule. */
export function headRows(record: TailRecord, width: number): number {
	return fieldRows(record, width).length + 3;
}

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
	const dataHeight = Math.max(1, size.height - headRows(record, size.width));
	const shown = rows.slice(scroll, scroll + dataHeight);
	const field = (label: string, value: string, key?: number) => (
		<Text key={key} wrap="truncate">
			<Text dimColor>{label.padEnd(LABEL_WIDTH)}</Text>
			{value}
		</Text>
	);
	return (
		<Box flexDirection="column" height={size.height}>
			{fieldRows(record, size.width).map(([label, value], index) => field(label, value, index))}
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
