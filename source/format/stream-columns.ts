import {sanitizeLine} from './sanitize.js';
import type {StreamListing, StreamStatus, StreamSummary} from '../model/stream.js';
import {fitWidth} from './text-width.js';

/** The stream list's columns as text, shared by the explorer's pane and `ls`. */
export type StreamCells = {
	name: string;
	status: string;
	mode: string;
	shards: string;
	retention: string;
	encryption: string;
	consumers: string;
};

export type ColumnId = keyof StreamCells;

export type Column = {id: ColumnId; title: string; width: number; align: 'left' | 'right'};

/** Not described yet (it is off screen, or its description is on its way). */
const UNKNOWN = '·';

export const COLUMNS: readonly Column[] = [
	{id: 'name', title: 'NAME', width: 0, align: 'left'},
	{id: 'status', title: 'STATUS', width: 8, align: 'left'},
	{id: 'shards', title: 'SHARDS', width: 6, align: 'right'},
	{id: 'mode', title: 'MODE', width: 11, align: 'left'},
	{id: 'retention', title: 'RETAIN', width: 6, align: 'right'},
	{id: 'encryption', title: 'ENCRYPT', width: 7, align: 'left'},
	{id: 'consumers', title: 'CONSUMERS', width: 9, align: 'right'},
];

/** Optional columns give way, last first, so the name keeps at least this many characters. */
const MIN_NAME_WIDTH = 14;
const GAP = 1;

export function streamCells(listing: StreamListing, summary?: StreamSummary): StreamCells {
	return {
		name: sanitizeLine(listing.name),
		status: summary?.status ?? listing.status ?? UNKNOWN,
		mode: modeLabel(summary?.mode ?? listing.mode),
		shards: summary?.openShardCount?.toString() ?? UNKNOWN,
		retention:
			summary?.retentionHours === undefined ? UNKNOWN : retentionLabel(summary.retentionHours),
		encryption: summary ? (summary.encryption === 'KMS' ? 'KMS' : 'none') : UNKNOWN,
		consumers: summary?.consumerCount?.toString() ?? UNKNOWN,
	};
}

export function modeLabel(mode: StreamListing['mode']): string {
	if (mode === undefined) {
		return UNKNOWN;
	}
	return mode === 'ON_DEMAND' ? 'on-demand' : 'provisioned';
}

/** 24h, 36h, 7d, 365d: whole days from two days up. */
export function retentionLabel(hours: number): string {
	return hours >= 48 && hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`;
}

export type StatusTone = 'ok' | 'changing' | 'ending' | 'unknown';

export function statusTone(status: string): StatusTone {
	const tones: Partial<Record<StreamStatus, StatusTone>> = {
		ACTIVE: 'ok',
		CREATING: 'changing',
		UPDATING: 'changing',
		DELETING: 'ending',
	};
	return tones[status as StreamStatus] ?? 'unknown';
}

/** The columns that fit the width, the name's column stretched to fill what the others leave. */
export function fitColumns(width: number): Column[] {
	const optional = COLUMNS.slice(1);
	for (let count = optional.length; count >= 0; count--) {
		const chosen = optional.slice(0, count);
		const used = chosen.reduce((sum, column) => sum + column.width + GAP, 0);
		const nameWidth = width - used;
		if (nameWidth >= MIN_NAME_WIDTH || count === 0) {
			return [{...(COLUMNS[0] as Column), width: Math.max(1, nameWidth)}, ...chosen];
		}
	}
	return [];
}

export function fitCell(text: string, column: Column): string {
	return fitWidth(text, column.width, column.align);
}

export function streamRow(cells: StreamCells, columns: readonly Column[]): string {
	return columns.map((column) => fitCell(cells[column.id], column)).join(' '.repeat(GAP));
}

export function streamHeader(columns: readonly Column[]): string {
	return columns.map((column) => fitCell(column.title, column)).join(' '.repeat(GAP));
}
