import {Text} from 'ink';
import SelectInput from 'ink-select-input';
import {sanitizeLine} from '../../kinesis/records.js';
import type {ShardChoice} from '../../kinesis/tail-service.js';
import {MenuItem} from '../components/menu-item.js';

export type ShardOptions =
	{state: 'loading'} | {state: 'loaded'; shards: ShardChoice[]} | {state: 'failed'; error: string};

/** Every shard: a value no shard id can take. */
const ALL = '*all';

/** The chooser's first menu: all shards, or one (item values are the shard ids, which stay put). */
export function ShardMenu({
	options,
	treeShardId,
	rows,
	focused,
	onShard,
}: {
	options: ShardOptions;
	treeShardId?: string;
	rows: number;
	focused: boolean;
	onShard: (shardId: string | undefined) => void;
}) {
	if (options.state === 'loading') {
		return <Text dimColor>Listing the shards…</Text>;
	}
	const shards = options.state === 'loaded' ? options.shards : [];
	const items = [
		{value: ALL, label: 'all shards'},
		...shards.map((shard) => ({
			value: shard.shardId,
			label: `${sanitizeLine(shard.shardId)}  ${shard.open ? 'open' : 'closed'}${shard.shardId === treeShardId ? '  (chosen in the shard tree)' : ''}`,
		})),
	];
	const initial = Math.max(
		0,
		items.findIndex((item) => item.value === treeShardId),
	);
	return (
		<>
			<Text>Shard:</Text>
			{/* Keyed by the tree's shard: a new choice there starts the menu on it. */}
			<SelectInput
				itemComponent={MenuItem}
				key={treeShardId ?? ALL}
				items={items}
				initialIndex={initial}
				isFocused={focused}
				limit={rows}
				onSelect={(item) => onShard(item.value === ALL ? undefined : item.value)}
			/>
			{options.state === 'failed' ? (
				<Text color="red" wrap="truncate">
					{options.error}
				</Text>
			) : null}
		</>
	);
}
