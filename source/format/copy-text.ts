import type {CopyProgress} from '../model/copy-progress.js';
import {formatCount} from './progress-text.js';
import {sanitizeLine} from './sanitize.js';

/** A copy told in text: its progress line and its summary. */

/** "read 12,000 · sent 11,500 · 4,210/s · 3 retried", and what the filter left out, what failed. */
export function copyProgressLine(progress: CopyProgress, now: number): string {
	const parts = [`read ${formatCount(progress.read)}`];
	if (progress.filtered) {
		parts.push(`${formatCount(progress.kept)} kept`);
	}
	parts.push(`sent ${formatCount(progress.landed)}`);
	const rate = rateOf(progress, now);
	if (rate !== undefined) {
		parts.push(`${formatCount(Math.round(rate))}/s`);
	}
	parts.push(`${formatCount(progress.retried)} retried`);
	if (progress.failed > 0) {
		parts.push(`${formatCount(progress.failed)} failed`);
	}
	return parts.join(' · ');
}

/**
 * "Copied 11,500 records from a to b in 2.7 s (4,259 records/s); 3 retried, 0 failed.", then the
 * records read from each shard of the source and landed in each shard of the target.
 */
export function copySummary(
	progress: CopyProgress,
	streams: {source: string; target: string},
	now: number,
	stopped: boolean,
): string[] {
	const source = sanitizeLine(streams.source);
	const target = sanitizeLine(streams.target);
	const rate = rateOf(progress, now);
	const speed = rate === undefined ? '' : ` (${formatCount(Math.round(rate))} records/s)`;
	const resent =
		progress.resentAfterTimeout > 0
			? `; sent again after a timeout: ${formatCount(progress.resentAfterTimeout)} (each may be in the target twice)`
			: '';
	const unsent = progress.kept - progress.landed - progress.failed;
	const ending = stopped
		? `; stopped before the window's end, ${formatCount(unsent)} read and not sent`
		: '';
	const kept = progress.filtered ? `, ${formatCount(progress.kept)} kept by the filter` : '';
	return [
		`Copied ${formatCount(progress.landed)} ${progress.landed === 1 ? 'record' : 'records'} from ${source} to ${target} in ${((now - progress.startedAt) / 1000).toFixed(1)} s${speed}; ${formatCount(progress.retried)} retried, ${formatCount(progress.failed)} failed${resent}${ending}.`,
		`  read from ${source}: ${formatCount(progress.read)}${kept}`,
		...shardCounts(progress.readByShard),
		`  sent to ${target}: ${formatCount(progress.landed)}`,
		...shardCounts(progress.landedByShard),
	];
}

function rateOf(progress: CopyProgress, now: number): number | undefined {
	const elapsed = now - progress.startedAt;
	return elapsed > 0 && progress.landed > 0 ? (progress.landed * 1000) / elapsed : undefined;
}

/** A line a shard, in shard order: "    shardId-000000000001  5,012". */
function shardCounts(counts: ReadonlyMap<string, number>): string[] {
	const shards = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	const width = Math.max(0, ...shards.map(([, count]) => formatCount(count).length));
	return shards.map(
		([shardId, count]) => `    ${sanitizeLine(shardId)}  ${formatCount(count).padStart(width)}`,
	);
}
