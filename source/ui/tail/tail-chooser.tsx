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
	readOnly?: boolean;
	size: Size;
	focused: boolean;
};

/** The answers given so far, shown above the step's menu or field. */
function answersSoFar(chooser: ChooserState): Array<[string, string]> {
	const needs = positionNeeds(chooser.positionType);
	const answers: Array<[string, string]> = [];
	if (chooser.step !== 'shard') {
		answers.push(
			['Shard', chooser.shardId === undefined ? 'all shards' : sanitizeLine(chooser.shardId)],
			['From', chooser.positionType],
		);
	}
	if (needs && (chooser.step === 'reader' || chooser.step === 'consumer')) {
		answers.push([needs === 'time' ? 'Time' : 'Sequence', sanitizeLine(valueField(chooser).text)]);
	}
	return answers;
}

/**
 * The rows a menu of the chooser has in a pane of this size: what the title, the answers so far, the
 * menu's title and the line under the menu leave.
 */
export function chooserMenuRows(size: Size, chooser: ChooserState): number {
	return Math.max(1, size.height - 4 - answersSoFar(chooser).length);
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
	readOnly,
	size,
	focused,
}: TailChooserProps) {
	const {step} = chooser;
	const needs = positionNeeds(chooser.positionType);
	const value = valueField(chooser);
	const menu = chooserMenu(chooser, shardOptions, treeShardId, readOnly);
	const summary = answersSoFar(chooser);
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
			{/* The keys are the status bar's to say. */}
			<Box marginTop={1} flexDirection="column" overflow="hidden">
				{menu ? (
					<>
						<Text>{menu.title}</Text>
						{step === 'shard' && shardOptions.state === 'loading' ? null : (
							<Menu items={menu.items} window={menu.window} rows={chooserMenuRows(size, chooser)} />
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
		</Box>
	);
}
