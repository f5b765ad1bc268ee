import {Box, Text} from 'ink';
import {positionNeeds} from '../../model/positions.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {Menu} from '../components/menu.js';
import {TextField} from '../components/text-field.js';
import type {Size} from '../layout.js';
import {ShardMenuStatus, type ShardOptions} from './shard-menu.js';
import {chooserMenu} from './tail-menus.js';
import {type ChooserState, valueField} from './tail-state.js';

export type TailChooserProps = {
	stream: string;
	chooser: ChooserState;
	shardOptions: ShardOptions;
	/** The shard chosen in the shard tree, offered first. */
	treeShardId?: string;
	size: Size;
	focused: boolean;
};

/** The rows a menu of the chooser has in a pane of this size. */
export function chooserMenuRows(size: Size): number {
	return Math.max(2, size.height - 7);
}

/**
 * What to tail, a step at a time: the shard (or all), the iterator type, the sequence number or time
 * where the type needs one, and how to read. It only draws: the pane moves the menus and edits the
 * fields.
 */
export function TailChooser({
	stream,
	chooser,
	shardOptions,
	treeShardId,
	size,
	focused,
}: TailChooserProps) {
	const {step} = chooser;
	const needs = positionNeeds(chooser.positionType);
	const value = valueField(chooser);
	const menu = chooserMenu(chooser, shardOptions, treeShardId);
	const summary: Array<[string, string]> = [];
	if (step !== 'shard') {
		summary.push(
			['Shard', chooser.shardId === undefined ? 'all shards' : sanitizeLine(chooser.shardId)],
			['From', chooser.positionType],
		);
	}
	if (needs && (step === 'reader' || step === 'consumer')) {
		summary.push([needs === 'time' ? 'Time' : 'Sequence', sanitizeLine(value.text)]);
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
				{menu ? (
					<>
						<Text>{menu.title}</Text>
						{step === 'shard' && shardOptions.state === 'loading' ? null : (
							<Menu items={menu.items} window={menu.window} rows={chooserMenuRows(size)} />
						)}
						{step === 'shard' ? <ShardMenuStatus options={shardOptions} /> : null}
						{step === 'position' && chooser.shardId === undefined ? (
							<Text dimColor wrap="truncate">
								(A sequence number belongs to one shard: choose a shard to start at one.)
							</Text>
						) : null}
						{step === 'reader' && chooser.error ? (
							<Text color="red" wrap="truncate">
								{chooser.error}
							</Text>
						) : null}
					</>
				) : null}
				{step === 'value' ? (
					<TextField
						label={needs === 'time' ? 'Time (ISO 8601, or 10m, 2h, 1d ago)' : 'Sequence number'}
						value={value.text}
						cursor={value.cursor}
						focused={focused}
						error={chooser.error}
						width={size.width}
					/>
				) : null}
				{step === 'consumer' ? (
					<TextField
						label="Consumer name"
						value={chooser.consumer.text}
						cursor={chooser.consumer.cursor}
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
