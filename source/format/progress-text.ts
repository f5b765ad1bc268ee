import type {BulkProgress} from '../model/bulk-progress.js';
import {sanitizeLine} from './sanitize.js';

/** A bulk send told in text, the same in the explorer's put pane and on the command's stderr. */

// Made on first use: the first number format a process makes loads ICU's locale data, some 20 ms
// that every start would spend, though only a file being sent shows a count.
let count: Intl.NumberFormat | undefined;

export function formatCount(value: number): string {
	count ??= new Intl.NumberFormat('en-US');
	return count.format(value);
}

export function formatDuration(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	if (seconds < 60) {
		return `${seconds} s`;
	}
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) {
		return `${minutes} min ${seconds % 60} s`;
	}
	return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Records landed per second so far; undefined until there is something to measure. */
export function rateOf(progress: BulkProgress, now: number): number | undefined {
	const elapsed = now - progress.startedAt;
	return elapsed > 0 && progress.landed > 0 ? (progress.landed * 1000) / elapsed : undefined;
}

/** The counts and estimates: "12,000/20,000 · 60% · 4,210/s · 37 retried · 2 s left". */
export function progressStats(progress: BulkProgress, now: number): string {
	const done = progress.landed + progress.failed;
	const percent = progress.total > 0 ? Math.floor((done * 100) / progress.total) : 100;
	const rate = rateOf(progress, now);
	const parts = [`${formatCount(progress.landed)}/${formatCount(progress.total)}`, `${percent}%`];
	if (rate !== undefined) {
		parts.push(`${formatCount(Math.round(rate))}/s`);
	}
	parts.push(`${formatCount(progress.retried)} retried`);
	if (progress.failed > 0) {
		parts.push(`${formatCount(progress.failed)} failed`);
	}
	if (rate !== undefined && done < progress.total) {
		parts.push(`${formatDuration(((progress.total - done) * 1000) / rate)} left`);
	}
	return parts.join(' · ');
}

/** A bar of `width` cells for the share of records done. */
export function progressBar(progress: BulkProgress, width: number): string {
	const done = progress.landed + progress.failed;
	const share = progress.total > 0 ? Math.min(1, done / progress.total) : 1;
	const filled = Math.round(share * width);
	return `${'█'.repeat(filled)}${'░'.repeat(Math.max(0, width - filled))}`;
}

/** The bar and the counts in `width` cells; the bar takes what the counts leave. */
export function progressLine(progress: BulkProgress, now: number, width: number): string {
	const stats = progressStats(progress, now);
	const barWidth = Math.min(30, width - stats.length - 1);
	return barWidth >= 5 ? `${progressBar(progress, barWidth)} ${stats}` : stats;
}

/**
 * "Sent 20,000 records to clickstream in 4.7 s (4,255 records/s); 37 retried, 0 failed." and, when
 * calls timed out, "; sent again after a timeout: 3 (each may be in the stream twice)".
 */
export function summaryLine(
	progress: BulkProgress,
	stream: string,
	now: number,
	stopped: boolean,
): string {
	const elapsed = now - progress.startedAt;
	const rate = rateOf(progress, now);
	const records = progress.landed === 1 ? 'record' : 'records';
	const speed = rate === undefined ? '' : ` (${formatCount(Math.round(rate))} records/s)`;
	const ending = stopped
		? `; stopped with ${formatCount(progress.total - progress.landed - progress.failed)} not sent`
		: '';
	const resent =
		progress.resentAfterTimeout > 0
			? `; sent again after a timeout: ${formatCount(progress.resentAfterTimeout)} (each may be in the stream twice)`
			: '';
	return `Sent ${formatCount(progress.landed)} ${records} to ${sanitizeLine(stream)} in ${(elapsed / 1000).toFixed(1)} s${speed}; ${formatCount(progress.retried)} retried, ${formatCount(progress.failed)} failed${resent}${ending}.`;
}

/** A line a shard, in shard order: "shardId-000000000001  5,012". */
export function shardLines(progress: BulkProgress): string[] {
	const shards = [...progress.byShard].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	const width = Math.max(0, ...shards.map(([, landed]) => formatCount(landed).length));
	return shards.map(
		([shardId, landed]) => `${sanitizeLine(shardId)}  ${formatCount(landed).padStart(width)}`,
	);
}
