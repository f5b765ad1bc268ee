import {shortShard} from '../../format/shard-text.js';
import {fitWidth, truncate} from '../../format/text-width.js';
import type {TailRecord} from '../../services/tail/tail-service.js';

/** A record as a row of the tail, and the header above the rows, in columns that fit the width. */

/** The end of a sequence number: the digits that differ from one record to the next. */
export function shortSequence(sequenceNumber: string, subSequenceNumber?: number): string {
	const tail = sequenceNumber.length > 8 ? `…${sequenceNumber.slice(-7)}` : sequenceNumber;
	return subSequenceNumber === undefined ? tail : `${tail}/${subSequenceNumber}`;
}

/** The arrival time, to the millisecond, or to the second where room is short. */
export function clockTime(date: Date, width: 12 | 8 = 12): string {
	return date.toISOString().slice(11, 11 + width);
}

/** Each column's width in cells; 0 is a column left out. */
export type RowColumns = {
	time: 12 | 8;
	sequence: number;
	key: number;
	kind: number;
	preview: number;
};

/**
 * The least room the data keeps: half the width, and 60 characters once the pane is wide enough to
 * give them.
 */
const PREVIEW_SHARE = 0.5;
const PREVIEW_ENOUGH = 60;

/** What gives way, in turn, when the data has less room than it should: the least telling first. */
const NARROWER: ReadonlyArray<(columns: RowColumns) => RowColumns> = [
	(columns) => ({...columns, kind: 0}),
	(columns) => ({...columns, sequence: 0}),
	(columns) => ({...columns, key: 10}),
	(columns) => ({...columns, time: 8}),
	(columns) => ({...columns, key: 8}),
];

/** The columns that fit this width: they narrow or drop, in NARROWER's order, until the data has room. */
export function rowColumns(width: number): RowColumns {
	const target = Math.max(Math.ceil(width * PREVIEW_SHARE), Math.min(PREVIEW_ENOUGH, width - 30));
	let columns: RowColumns = {time: 12, sequence: 10, key: 14, kind: 8, preview: 0};
	for (const narrower of [(same: RowColumns) => same, ...NARROWER]) {
		columns = narrower(columns);
		const preview = width - fixedWidth(columns);
		if (preview >= target) {
			return {...columns, preview};
		}
	}
	return {...columns, preview: Math.max(4, width - fixedWidth(columns))};
}

/** The cells the columns before the data take, each with the space after it. */
function fixedWidth({time, sequence, key, kind}: RowColumns): number {
	return [time, SHARD_WIDTH, sequence, key, kind].reduce(
		(sum, cells) => sum + (cells > 0 ? cells + 1 : 0),
		0,
	);
}

const SHARD_WIDTH = 4;

/** A record's row: time, shard, sequence number, partition key, kind, data, in cells of fixed width. */
export function tailRow(record: TailRecord, columns: RowColumns): string {
	const parts = [
		clockTime(record.arrival, columns.time),
		fitWidth(shortShard(record.shardId), SHARD_WIDTH, 'right'),
	];
	if (columns.sequence > 0) {
		parts.push(
			fitWidth(shortSequence(record.sequenceNumber, record.subSequenceNumber), columns.sequence),
		);
	}
	parts.push(fitWidth(record.partitionKey, columns.key));
	if (columns.kind > 0) {
		parts.push(fitWidth(record.kind, columns.kind));
	}
	parts.push(truncate(`${record.warning ? '⚠ ' : ''}${record.preview}`, columns.preview));
	return parts.join(' ');
}

export function tailHeader(columns: RowColumns): string {
	const parts = ['TIME'.padEnd(columns.time), 'SHRD'];
	if (columns.sequence > 0) {
		parts.push('SEQUENCE'.padEnd(columns.sequence));
	}
	parts.push((columns.key >= 13 ? 'PARTITION KEY' : 'KEY').padEnd(columns.key));
	if (columns.kind > 0) {
		parts.push('KIND'.padEnd(columns.kind));
	}
	parts.push('DATA');
	return parts.join(' ');
}
