import {shortBytes} from '../../format/bytes.js';
import {capacityAdvice, percent, quote} from '../../format/capacity-text.js';
import {formatCount, formatDuration} from '../../format/progress-text.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {fitWidth, wrapText} from '../../format/text-width.js';
import type {CapacityReport, ShardCapacity} from '../../model/capacity.js';
import {sharePercent, shortHashKey} from '../../model/hash-keys.js';
import type {StripCell} from '../../model/key-space-strip.js';
import {SHARD_WRITE_LIMITS} from '../../model/write-limits.js';
import type {CapacitySnapshot} from '../../services/capacity/capacity-service.js';
import {keysLabel} from '../keymap.js';

/**
 * The capacity report as rows of text for a screen of a given width, each with a stable key (so a
 * scroll position survives a new measurement) and its parts' tones; the view only draws them.
 */
export type Tone = 'hot' | 'warm' | 'calm' | 'dim' | 'heading';

export type Segment = {text: string; tone?: Tone};

export type CapacityRow = {
	key: string;
	segments: Segment[];
	/** The shard the row tells of. */
	shardId?: string;
};

/** The widest a bar grows on a wide screen: wider says nothing more. */
const MAX_BAR = 40;
const MIN_BAR = 5;
const KEY_COLUMN = 28;
const LEVELS = ' ▁▂▃▄▅▆▇█';

export const READ_ONLY_SPLIT =
	'Read-only (--read-only): no split is offered here, as a split writes; the explorer sends none.';

export type RowOptions = {width: number; readOnly: boolean};

export function reportRows(report: CapacityReport, {width, readOnly}: RowOptions): CapacityRow[] {
	const rows: CapacityRow[] = [];
	for (const shard of report.shards) {
		rows.push(...shardRows(shard, width), {key: `${shard.shardId}:gap`, segments: []});
	}
	rows.push({key: 'advice', segments: [{text: 'Advice', tone: 'heading'}]});
	capacityAdvice(report).forEach((line, index) => {
		rows.push(...wrapped(`advice:${index}`, line, width, 'hot'));
	});
	const split = report.shards.find((shard) => shard.split);
	if (split?.split) {
		const offer = readOnly
			? READ_ONLY_SPLIT
			: `${keysLabel('capacitySplit')}: split ${sanitizeLine(split.shardId)} at ${shortHashKey(split.split.hashKey)} (the split form, filled in; it asks before it splits).`;
		rows.push(...wrapped('offer', offer, width, readOnly ? 'dim' : 'calm'));
	}
	rows.push(
		{key: 'strip:gap', segments: []},
		{
			key: 'strip:title',
			segments: [
				{text: 'Key space', tone: 'heading'},
				{
					text: `, left to right: where the records' hash keys fall (each cell 1/${report.strip.length})`,
					tone: 'dim',
				},
			],
		},
		{key: 'strip', segments: [{text: '  '}, ...stripSegments(report.strip, width - 2)]},
	);
	return rows;
}

function shardRows(shard: ShardCapacity, width: number): CapacityRow[] {
	const {shardId} = shard;
	const id = sanitizeLine(shardId);
	const space = shard.hashKeyRange
		? ` on ${sharePercent(shard.hashKeyRange)} of the key space`
		: '';
	const heading: Segment[] =
		shard.hot === 'limit'
			? [
					{text: id, tone: 'heading'},
					{text: '  HOT: at its limits in its busiest second', tone: 'hot'},
				]
			: shard.hot === 'skew'
				? [
						{text: id, tone: 'heading'},
						{text: `  HOT: ${percent(shard.trafficShare)} of the records${space}`, tone: 'hot'},
					]
				: [
						{text: id, tone: 'heading'},
						{
							text: `  ${percent(shard.trafficShare)} of the records${space}${shard.open ? '' : ' (closed)'}`,
							tone: 'dim',
						},
					];
	const rows: CapacityRow[] = [
		{key: `${shardId}:heading`, shardId, segments: heading},
		{
			key: `${shardId}:records`,
			shardId,
			segments: meter(
				'records/s',
				formatRate(shard.recordsPerSecond),
				formatCount(shard.peakRecordsPerSecond),
				shard.peakRecordsPerSecond / SHARD_WRITE_LIMITS.recordsPerSecond,
				width,
			),
		},
		{
			key: `${shardId}:bytes`,
			shardId,
			segments: meter(
				'bytes/s',
				shortBytes(Math.round(shard.bytesPerSecond)),
				shortBytes(shard.peakBytesPerSecond),
				shard.peakBytesPerSecond / SHARD_WRITE_LIMITS.bytesPerSecond,
				width,
			),
		},
	];
	const keyWidth = Math.min(KEY_COLUMN, Math.max(8, width - 13 - 8));
	shard.topKeys.forEach((key, index) => {
		const shareBar = Math.max(0, Math.min(20, width - 13 - keyWidth - 7));
		const filled = Math.round(key.share * shareBar);
		rows.push({
			key: `${shardId}:key:${index}`,
			shardId,
			segments: [
				{text: index === 0 ? '  top keys   ' : '             ', tone: 'dim'},
				{text: fitWidth(quote(key.partitionKey), keyWidth)},
				{text: ` ${percent(key.share).padStart(5)} `},
				{text: '█'.repeat(filled), tone: key.share >= 0.5 ? 'warm' : 'calm'},
				{text: '░'.repeat(shareBar - filled), tone: 'dim'},
			],
		});
	});
	if (shard.unplaced > 0) {
		rows.push(
			...wrapped(
				`${shardId}:unplaced`,
				`${formatCount(shard.unplaced)} records were written with explicit hash keys GetRecords does not return: left out of the split and the key space.`,
				width,
				'dim',
				shardId,
			),
		);
	}
	return rows;
}

/** "  records/s  mean 2.82     busiest 570       ███████░░░░░░  57%": the busiest second against the limit. */
function meter(
	label: string,
	mean: string,
	busiest: string,
	fraction: number,
	width: number,
): Segment[] {
	const text = `  ${label.padEnd(10)} mean ${mean.padEnd(9)} busiest ${busiest.padEnd(9)} `;
	const cells = Math.max(MIN_BAR, Math.min(MAX_BAR, width - text.length - 6));
	const filled = Math.min(cells, Math.round(fraction * cells));
	return [
		{text},
		{text: '█'.repeat(filled), tone: toneOf(fraction)},
		{text: '░'.repeat(cells - filled), tone: 'dim'},
		{
			text: ` ${percent(fraction).padStart(4)}`,
			tone: fraction >= 0.5 ? toneOf(fraction) : undefined,
		},
	];
}

function toneOf(fraction: number): Tone {
	return fraction >= 0.9 ? 'hot' : fraction >= 0.5 ? 'warm' : 'calm';
}

function formatRate(perSecond: number): string {
	return perSecond >= 100 ? formatCount(Math.round(perSecond)) : perSecond.toFixed(2);
}

function wrapped(
	key: string,
	text: string,
	width: number,
	tone: Tone | undefined,
	shardId?: string,
): CapacityRow[] {
	return wrapText(text, width - 2).map((line, index) => ({
		key: `${key}:${index}`,
		shardId,
		segments: [{text: `  ${line}`, tone: index === 0 ? tone : tone === 'hot' ? undefined : tone}],
	}));
}

/**
 * The key space in `columns` cells coloured by traffic: a wide screen shows each cell of the strip
 * over several columns, a narrow one adds neighbouring cells together.
 */
export function stripSegments(strip: readonly StripCell[], columns: number): Segment[] {
	const count = strip.length;
	const shown = Math.max(
		1,
		Math.min(columns, count >= columns ? columns : count * Math.floor(columns / count)),
	);
	const records = Array.from({length: shown}, (_, column) => {
		const first = Math.floor((column * count) / shown);
		const last = Math.max(first + 1, Math.floor(((column + 1) * count) / shown));
		return shown >= count
			? (strip[first]?.records ?? 0)
			: strip.slice(first, last).reduce((sum, cell) => sum + cell.records, 0);
	});
	const most = Math.max(0, ...records);
	return records.map((value): Segment => {
		if (most === 0 || value === 0) {
			return {text: '·', tone: 'dim'};
		}
		const fraction = value / most;
		const level = Math.max(1, Math.round(fraction * (LEVELS.length - 1)));
		return {
			text: LEVELS[level] ?? '█',
			tone: fraction >= 0.75 ? 'hot' : fraction >= 0.25 ? 'warm' : 'calm',
		};
	});
}

/** What the view has measured, or is measuring: the line above the report. */
export function statusText(snapshot: CapacitySnapshot): string {
	const stream = sanitizeLine(snapshot.stream ?? '');
	const {progress, report} = snapshot;
	const calls = `${formatCount(progress.calls)} ${progress.calls === 1 ? 'call' : 'calls'}`;
	const what = snapshot.source === 'tail' ? 'the tail’s records' : 'the last 5 minutes';
	switch (snapshot.status) {
		case 'reading': {
			return `Reading ${what} of ${stream}: ${formatCount(progress.records)} records · ${calls}`;
		}
		case 'done': {
			if (!report) {
				return '';
			}
			const span = formatDuration(report.until.getTime() - report.from.getTime());
			const until = report.until.toISOString().slice(11, 19);
			// The counts first: on a narrow screen the line loses its end.
			return `${formatCount(report.records)} records · ${shortBytes(report.bytes)} · ${calls} · ${report.onDemand ? 'on-demand' : 'provisioned'} · ${snapshot.source === 'tail' ? 'the tail’s' : 'the last'} ${span} to ${until} UTC`;
		}
		case 'failed': {
			return `⚠ ${snapshot.problem?.message ?? 'The measurement failed.'}`;
		}
		case 'idle': {
			return `Not measured: ${keysLabel('refresh')} measures the last 5 minutes, ${keysLabel('capacityTail')} the tail’s records.`;
		}
	}
}

/** The progress bar of a read, `cells` wide. */
export function progressCells(fraction: number, cells: number): {filled: string; empty: string} {
	const filled = Math.max(0, Math.min(cells, Math.round(fraction * cells)));
	return {filled: '█'.repeat(filled), empty: '░'.repeat(Math.max(0, cells - filled))};
}
