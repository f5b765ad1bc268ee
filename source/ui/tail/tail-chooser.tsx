import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {type PositionType, positionNeeds} from '../../kinesis/positions.js';
import {sanitizeLine} from '../../kinesis/records.js';
import {MenuItem} from '../components/menu-item.js';
import {TextField} from '../components/text-field.js';
import type {Size} from '../layout.js';
import {ShardMenu, type ShardOptions} from './shard-menu.js';
import type {ChooserState} from './tail-state.js';

export type TailChooserProps = {
	stream: string;
	chooser: ChooserState;
	shardOptions: ShardOptions;
	/** The shard chosen in the shard tree, offered first. */
	treeShardId?: string;
	size: Size;
	focused: boolean;
	onShard: (shardId: string | undefined) => void;
	onPosition: (type: PositionType) => void;
	onReader: (fanOut: boolean) => void;
};

const POSITIONS: Array<{value: PositionType; label: string; oneShard?: boolean}> = [
	{value: 'LATEST', label: 'LATEST                 only records from now on'},
	{value: 'TRIM_HORIZON', label: 'TRIM_HORIZON           from the oldest record kept'},
	{
		value: 'AT_TIMESTAMP',
		label: 'AT_TIMESTAMP           from a time (ISO 8601, or 10m, 2h, 1d ago)',
	},
	{value: 'AT_SEQUENCE_NUMBER', label: 'AT_SEQUENCE_NUMBER     from a record', oneShard: true},
	{value: 'AFTER_SEQUENCE_NUMBER', label: 'AFTER_SEQUENCE_NUMBER  after a record', oneShard: true},
];

const READERS = [
	{value: 'poll', label: 'polling        GetRecords, sharing the shard’s 5 reads a second'},
	{value: 'efo', label: 'enhanced fan-out   SubscribeToShard as a registered consumer'},
];

/**
 * What to tail, a step at a time: the shard (or all), the iterator type, the sequence number or time
 * where the type needs one, and how to read. Menus are ink-select-input; the pane edits the fields.
 */
export function TailChooser({
	stream,
	chooser,
	shardOptions,
	treeShardId,
	size,
	focused,
	onShard,
	onPosition,
	onReader,
}: TailChooserProps) {
	const {step} = chooser;
	const needs = positionNeeds(chooser.positionType);
	const menuRows = Math.max(2, size.height - 7);
	const summary: Array<[string, string]> = [];
	if (step !== 'shard') {
		summary.push(
			['Shard', chooser.shardId === undefined ? 'all shards' : sanitizeLine(chooser.shardId)],
			['From', chooser.positionType],
		);
	}
	if (needs && (step === 'reader' || step === 'consumer')) {
		summary.push([needs === 'time' ? 'Time' : 'Sequence', sanitizeLine(chooser.value)]);
	}
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate">
				Tail {sanitizeLine(stream)}
			</Text>
			{summary.map(([label, value]) => (
				<Text key={label} wrap="truncate" dimColor>
					{label.padEnd(9)}
					{value}
				</Text>
			))}
			<Box marginTop={1} flexDirection="column">
				{step === 'shard' ? (
					<ShardMenu
						options={shardOptions}
						treeShardId={treeShardId}
						rows={menuRows}
						focused={focused}
						onShard={onShard}
					/>
				) : null}
				{step === 'position' ? (
					<>
						<Text>Start from:</Text>
						<SelectInput
							itemComponent={MenuItem}
							items={POSITIONS.filter((item) => !item.oneShard || chooser.shardId !== undefined)}
							isFocused={focused}
							limit={menuRows}
							onSelect={(item) => onPosition(item.value)}
						/>
						{chooser.shardId === undefined ? (
							<Text dimColor wrap="truncate">
								(A sequence number belongs to one shard: choose a shard to start at one.)
							</Text>
						) : null}
					</>
				) : null}
				{step === 'value' ? (
					<TextField
						label={needs === 'time' ? 'Time (ISO 8601, or 10m, 2h, 1d ago)' : 'Sequence number'}
						value={chooser.value}
						focused={focused}
						error={chooser.error}
						width={size.width}
					/>
				) : null}
				{step === 'reader' ? (
					<>
						<Text>Read by:</Text>
						<SelectInput
							itemComponent={MenuItem}
							items={READERS}
							isFocused={focused}
							onSelect={(item) => onReader(item.value === 'efo')}
						/>
						{chooser.error ? (
							<Text color="red" wrap="truncate">
								{chooser.error}
							</Text>
						) : null}
					</>
				) : null}
				{step === 'consumer' ? (
					<TextField
						label="Consumer name"
						value={chooser.consumer}
						focused={focused}
						error={chooser.error}
						width={size.width}
					/>
				) : null}
			</Box>
			<Text dimColor wrap="truncate">
				{step === 'value' || step === 'consumer' ? 'enter go on' : '↑/↓ choose · enter go on'}
				{step === 'shard' ? ' · esc back to the records' : ' · esc back'}
			</Text>
		</Box>
	);
}
