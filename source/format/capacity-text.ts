import {IDLE, type CapacityReport, type ShardCapacity} from '../model/capacity.js';
import type {StripCell} from '../model/key-space-strip.js';
import {sharePercent} from '../model/hash-keys.js';
import {SHARD_WRITE_LIMITS} from '../model/write-limits.js';
import {shortBytes} from './bytes.js';
import {formatCount, formatDuration} from './progress-text.js';
import {sanitizeLine} from './sanitize.js';

/** `stats` for people: each shard against its limits, the hot ones first, then what to do. */

const BAR_CELLS = 20;
const LEVELS = ' ▁▂▃▄▅▆▇█';

export function capacityText(stream: string, report: CapacityReport, calls: number): string {
	const span = report.until.getTime() - report.from.getTime();
	const lines = [
		`${sanitizeLine(stream)} · ${report.onDemand ? 'on-demand' : 'provisioned'} · ${formatDuration(span)} from ${report.from.toISOString()} to ${report.until.toISOString()}`,
		`${formatCount(report.records)} records · ${shortBytes(report.bytes)} · ${formatCount(calls)} GetRecords ${calls === 1 ? 'call' : 'calls'}`,
		`Each shard takes ${formatCount(SHARD_WRITE_LIMITS.recordsPerSecond)} records/s and 1 MiB/s.`,
		'',
		...report.shards.flatMap((shard) => [...shardLines(shard), '']),
		'Advice',
		...capacityAdvice(report).map((line) => `  ${line}`),
		'',
		`Key space, left to right (each cell 1/${report.strip.length}; higher is more records)`,
		`  ${strip(report.strip)}`,
	];
	return `${lines.join('\n')}\n`;
}

function shardLines(shard: ShardCapacity): string[] {
	const id = sanitizeLine(shard.shardId);
	const space = shard.hashKeyRange
		? ` on ${sharePercent(shard.hashKeyRange)} of the key space`
		: '';
	const heading =
		shard.hot === 'limit'
			? `${id}  HOT: at its limits at its busiest`
			: shard.hot === 'skew'
				? `${id}  HOT: ${percent(shard.trafficShare)} of the records${space}`
				: `${id}${shard.open ? '' : '  (closed)'}`;
	const topKeys = shard.topKeys
		.map((key) => `${quote(key.partitionKey)} ${percent(key.share)}`)
		.join(' · ');
	return [
		heading,
		meter(
			'records/s',
			shard.recordsPerSecond.toFixed(2),
			formatCount(shard.peakRecordsPerSecond),
			shard.peakRecordsPerSecond / SHARD_WRITE_LIMITS.recordsPerSecond,
		),
		meter(
			'bytes/s',
			shortBytes(Math.round(shard.bytesPerSecond)),
			shortBytes(shard.peakBytesPerSecond),
			shard.peakBytesPerSecond / SHARD_WRITE_LIMITS.bytesPerSecond,
		),
		...(topKeys ? [`  top keys   ${topKeys}`] : []),
		...(shard.unplaced > 0
			? [
					`  ${formatCount(shard.unplaced)} records were written with explicit hash keys GetRecords does not return: left out of the split and the key space.`,
				]
			: []),
	];
}

function meter(label: string, mean: string, busiest: string, fraction: number): string {
	const filled = Math.min(BAR_CELLS, Math.round(fraction * BAR_CELLS));
	const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)}`;
	return `  ${label.padEnd(10)} mean ${mean.padEnd(10)} busiest second ${busiest.padEnd(10)} ${bar} ${percent(fraction).padStart(4)} of the limit`;
}

/** What to do, a line each: the explorer's capacity view says the same. */
export function capacityAdvice(report: CapacityReport): string[] {
	const lines: string[] = [];
	for (const shard of report.shards) {
		const id = sanitizeLine(shard.shardId);
		if (shard.keyOverLimit) {
			const key = shard.keyOverLimit;
			lines.push(
				`Key ${quote(key.partitionKey)} takes ${id}'s limit on its own (${formatCount(key.peakRecordsPerSecond)} records, ${shortBytes(key.peakBytesPerSecond)} in its busiest second): no split can help, as every record of a key goes to one shard. Spread it over more keys (a suffix), or place its records with explicit hash keys.`,
			);
		}
		if (shard.split) {
			const {hashKey, lowerShare, lowerBytesShare, weighedBy} = shard.split;
			const halved = weighedBy === 'bytes' ? lowerBytesShare : lowerShare;
			const [top] = shard.topKeys;
			// A key's records never divide: one that carries most of the shard keeps a side heavy.
			const nearest =
				Math.abs(halved - 0.5) > 0.1 && top
					? ` That is as near to half as its keys allow: ${quote(top.partitionKey)} alone carries ${percent(top.share)} of its records.`
					: '';
			lines.push(
				`Split ${id} at ${hashKey}: ${percent(lowerShare)} of its records (${percent(lowerBytesShare)} of its bytes) below, ${percent(1 - lowerShare)} (${percent(1 - lowerBytesShare)}) above; weighed by ${weighedBy === 'bytes' ? 'bytes, the limit it comes nearer' : 'records'}.${nearest}`,
			);
		} else if (shard.hot && !shard.keyOverLimit && !report.onDemand && shard.open) {
			lines.push(`${id} is hot, but all its records share one hash key: no split divides them.`);
		}
	}
	for (const [a, b] of report.mergeCandidates) {
		lines.push(
			`Merge ${sanitizeLine(a)} and ${sanitizeLine(b)}: both under ${percent(IDLE)} of their limits in their busiest second.`,
		);
	}
	if (report.onDemand) {
		lines.push(
			'On-demand: Kinesis adds and removes this stream’s shards itself; nothing to reshard.',
		);
	}
	if (lines.length === 0) {
		lines.push('Nothing to do: no shard is hot, and no two neighbours are idle.');
	}
	return lines;
}

/** The key space as a row of blocks, each as high as its records against the busiest cell. */
function strip(cells: readonly StripCell[]): string {
	const most = Math.max(0, ...cells.map((cell) => cell.records));
	return cells
		.map((cell) =>
			most === 0 || cell.records === 0
				? '·'
				: (LEVELS[Math.max(1, Math.round((cell.records / most) * (LEVELS.length - 1)))] ?? '█'),
		)
		.join('');
}

export function percent(fraction: number): string {
	const value = fraction * 100;
	return `${value >= 10 || value === 0 ? value.toFixed(0) : value.toFixed(1)}%`;
}

/** A partition key quoted, made safe for the screen. */
export function quote(key: string): string {
	return `"${sanitizeLine(key)}"`;
}
