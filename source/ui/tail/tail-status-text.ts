import {duration} from '../../format/duration.js';
import {shortShard} from '../../format/shard-text.js';
import type {TailSnapshot} from '../../services/tail/tail-service.js';
import type {ShardStatus} from '../../services/tail/tailer.js';

/** The tail's status in words: the rate as bars, each shard's state and lag, the slowest call. */

const BARS = '▁▂▃▄▅▆▇█';

/** Records a second as a row of bars, the busiest second the tallest. */
export function sparkline(rates: readonly number[], width: number): string {
	const shown = rates.slice(-Math.max(0, width));
	const peak = Math.max(1, ...shown);
	return shown
		.map((rate) =>
			rate === 0 ? ' ' : (BARS[Math.min(7, Math.floor((rate / peak) * 7.999))] as string),
		)
		.join('');
}

const STATE_LABELS: Record<ShardStatus['state'], string> = {
	starting: 'starting',
	reading: 'reading',
	'caught-up': 'caught up',
	throttled: 'throttled',
	retrying: 'retrying',
	renewing: 'renewing',
	closed: 'closed',
	waiting: 'waits for parents',
	done: 'read',
};

/** Each shard being read: its state and how far behind the newest record it is. */
export function shardSummary(shards: ReadonlyMap<string, ShardStatus>): string {
	const active = [...shards].filter(
		([, status]) => status.state !== 'done' && status.state !== 'waiting',
	);
	const parts = active.map(([shardId, status]) => {
		const lag =
			status.millisBehindLatest === undefined ? '' : ` ${duration(status.millisBehindLatest)}`;
		const label =
			status.state === 'reading' || status.state === 'caught-up'
				? ''
				: ` ${STATE_LABELS[status.state]}`;
		return `${shortShard(shardId)}:${label}${lag}`;
	});
	const waiting = [...shards.values()].filter((status) => status.state === 'waiting').length;
	const read = [...shards.values()].filter((status) => status.state === 'done').length;
	return [
		...parts,
		...(waiting > 0 ? [`${waiting} waiting for parents`] : []),
		...(read > 0 ? [`${read} closed and read`] : []),
	].join(' · ');
}

/**
 * The call the tail has waited on longest, once one is slow to answer: "waiting 12 s for shard 3",
 * "… and 2 more". Undefined while every call answers in good time.
 */
export function slowCall(
	shards: ReadonlyMap<string, ShardStatus>,
	now: number,
): string | undefined {
	const waiting = [...shards]
		.filter(([, status]) => status.waitingSince !== undefined)
		.sort(([, a], [, b]) => (a.waitingSince ?? 0) - (b.waitingSince ?? 0));
	const [first] = waiting;
	if (!first) {
		return undefined;
	}
	const [shardId, status] = first;
	const seconds = Math.max(0, Math.floor((now - (status.waitingSince ?? now)) / 1000));
	const more = waiting.length > 1 ? ` and ${waiting.length - 1} more` : '';
	return `waiting ${seconds} s for shard ${shortShard(shardId)}${more}`;
}

/** The headline state of the tail: the worst a shard is in. */
export function overallState(shards: ReadonlyMap<string, ShardStatus>): string {
	const states = new Set([...shards.values()].map((status) => status.state));
	for (const state of [
		'throttled',
		'retrying',
		'renewing',
		'starting',
		'reading',
		'caught-up',
	] as const) {
		if (states.has(state)) {
			return STATE_LABELS[state];
		}
	}
	return states.size > 0 ? 'all read' : 'starting';
}

/**
 * What a tail of several shards holds back to list the records in the order they arrived: "holding
 * back 1,204 · waiting for shard 3"; and the records a shard brought after it had stopped being
 * waited for: "7 listed late". Empty while neither is so.
 */
export function orderText(snapshot: Pick<TailSnapshot, 'holding' | 'late'>): string {
	const {holding, late} = snapshot;
	return [
		...(holding
			? [
					`holding back ${holding.records.toLocaleString('en-US')} · waiting for shard ${shortShard(holding.shardId)}`,
				]
			: []),
		...(late ? [`${late.toLocaleString('en-US')} listed late`] : []),
	].join(' · ');
}
