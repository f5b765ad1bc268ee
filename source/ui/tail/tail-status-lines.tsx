import {Text} from 'ink';
import type {TailSnapshot} from '../../services/tail/tail-service.js';
import {useNow} from '../use-now.js';
import {orderText, overallState, shardSummary, slowCall, sparkline} from './tail-status-text.js';

const STATE_COLORS: Record<string, string> = {
	throttled: 'yellow',
	retrying: 'red',
	renewing: 'yellow',
	'caught up': 'green',
	reading: 'cyan',
};

/** Two rows over the records: how the tail is doing (rate, lag, state), and each shard's lag. */
export function TailStatusLines({snapshot, width}: {snapshot: TailSnapshot; width: number}) {
	const {status, shards, rates, received, records} = snapshot;
	const state =
		status === 'paused'
			? 'paused'
			: status === 'idle'
				? 'stopped'
				: status === 'failed'
					? 'failed'
					: overallState(shards);
	const color = status === 'paused' ? 'yellow' : status === 'failed' ? 'red' : STATE_COLORS[state];
	const now = rates.at(-1) ?? 0;
	const reading = [...shards.values()].filter(
		(shard) => shard.state !== 'done' && shard.state !== 'waiting',
	).length;
	const kept = records.size < received ? ` (${records.size.toLocaleString('en-US')} kept)` : '';
	const waiting = [...shards.values()].some((shard) => shard.waitingSince !== undefined);
	const clock = useNow(1000, waiting);
	const slow = status === 'running' || status === 'starting' ? slowCall(shards, clock) : undefined;
	const ordering = orderText(snapshot);
	return (
		<>
			<Text wrap="truncate">
				<Text color={color} bold>
					● {state}
				</Text>
				{/* The count first: on a narrow pane the rest of the row is cut, never it. */}
				<Text>
					{' '}
					· {received.toLocaleString('en-US')} record{received === 1 ? '' : 's'}
					{kept}
				</Text>
				{slow ? <Text color="yellow"> · {slow}</Text> : null}
				{ordering ? <Text color="yellow"> · {ordering}</Text> : null}
				<Text>
					{' '}
					· {reading} shard{reading === 1 ? '' : 's'} · {now}/s{' '}
				</Text>
				<Text color="cyan">{sparkline(rates, Math.min(30, Math.max(0, width - 60)))}</Text>
			</Text>
			<Text dimColor wrap="truncate">
				lag {shardSummary(shards) || '·'}
			</Text>
		</>
	);
}
