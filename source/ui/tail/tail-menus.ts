import type {PositionType} from '../../model/positions.js';
import {sanitizeLine} from '../../format/sanitize.js';
import type {MenuEntry} from '../components/menu.js';
import type {ListWindow} from '../list-window.js';
import type {ShardOptions} from './shard-menu.js';
import type {ChooserState} from './tail-state.js';

/**
 * The chooser's menus, as items: the pane's keys move through them and pick from them, the chooser
 * draws them, both from the same lists.
 */

/** Every shard: a value no shard id can take. */
export const ALL_SHARDS = '*all';

export function shardItems(options: ShardOptions, treeShardId: string | undefined): MenuEntry[] {
	const shards = options.state === 'loaded' ? options.shards : [];
	return [
		{value: ALL_SHARDS, label: 'all shards'},
		...shards.map((shard) => ({
			value: shard.shardId,
			label: `${sanitizeLine(shard.shardId)}  ${shard.open ? 'open' : 'closed'}${shard.shardId === treeShardId ? '  (chosen in the shard tree)' : ''}`,
		})),
	];
}

const POSITIONS: Array<MenuEntry<PositionType>> = [
	{value: 'LATEST', label: 'LATEST                 only records from now on'},
	{value: 'TRIM_HORIZON', label: 'TRIM_HORIZON           from the oldest record kept'},
	{
		value: 'AT_TIMESTAMP',
		label: 'AT_TIMESTAMP           from a time (ISO 8601, or 10m, 2h, 1d ago)',
	},
	{value: 'AT_SEQUENCE_NUMBER', label: 'AT_SEQUENCE_NUMBER     from a record'},
	{value: 'AFTER_SEQUENCE_NUMBER', label: 'AFTER_SEQUENCE_NUMBER  after a record'},
];

/**
 * The positions a tail can start from. A sequence number belongs to one shard: over every shard, the
 * tail looks for the shard that holds it, and reads that one and its children.
 */
export function positionItems(chooser: ChooserState): Array<MenuEntry<PositionType>> {
	return chooser.shardId === undefined
		? POSITIONS.map((item) =>
				item.value.endsWith('SEQUENCE_NUMBER')
					? {...item, label: `${item.label} (its shard is found)`}
					: item,
			)
		: POSITIONS;
}

export const READER_ITEMS: Array<MenuEntry<'poll' | 'efo'>> = [
	{value: 'poll', label: 'polling            GetRecords, sharing the shard’s 5 reads a second'},
	{value: 'efo', label: 'enhanced fan-out   SubscribeToShard as a registered consumer'},
];

/** The menu of the chooser's step, and where its cursor is; undefined on a step with a field. */
export function chooserMenu(
	chooser: ChooserState,
	options: ShardOptions,
	treeShardId: string | undefined,
	readOnly = false,
): {title: string; items: MenuEntry[]; window: ListWindow} | undefined {
	switch (chooser.step) {
		case 'shard': {
			// The cursor starts on every shard, as the tail command does; the tree's shard is marked.
			return {title: 'Shard:', items: shardItems(options, treeShardId), window: chooser.menu};
		}
		case 'position': {
			return {title: 'Start from:', items: positionItems(chooser), window: chooser.menu};
		}
		case 'reader': {
			// Fan-out registers a consumer, a write: not offered under --read-only.
			return readOnly
				? {
						title:
							'Read by (fan-out is off: it registers a consumer, and --read-only writes nothing):',
						items: READER_ITEMS.filter((item) => item.value !== 'efo'),
						window: chooser.menu,
					}
				: {title: 'Read by:', items: READER_ITEMS, window: chooser.menu};
		}
		case 'value':
		case 'consumer': {
			return undefined;
		}
	}
}
