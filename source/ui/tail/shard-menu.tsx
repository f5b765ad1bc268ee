import {Text} from 'ink';
import type {ShardChoice} from '../../services/tail/tail-shards.js';

export type ShardOptions =
	{state: 'loading'} | {state: 'loaded'; shards: ShardChoice[]} | {state: 'failed'; error: string};

/** Why the chooser's first menu has no shards to offer yet, or cannot get them. */
export function ShardMenuStatus({options}: {options: ShardOptions}) {
	if (options.state === 'loading') {
		return <Text dimColor>Listing the shards…</Text>;
	}
	return options.state === 'failed' ? (
		<Text color="red" wrap="truncate">
			{options.error}
		</Text>
	) : null;
}
