import {shortShard} from '../../format/shard-text.js';
import {fitWidth, truncate} from '../../format/text-width.js';
import type {TailRecord} from '../../services/tail/tail-service.js';

/** A record as a row of the tail, and the header above the rows, in columns that fit the width. */

/** The end of a sequence number: the digits that differ from one record to the next. */
export function shortSequence(sequenceNumber: string, subSequenceNumber?: number): string {
	const tail = sequenceNumber.length > 8 ? `…${sequenceNumber.slice(-7)}` : sequenceNumber;
	return subSequenceNumber === undefined ? tail : `${tail}/${subSequenceNumber}`;
}

export function clockTime(date: Date): string {
	return date.toISOString().slice(11, 23);
}

export type RowColumns = {key: number; kind: number; preview: number};

/** The room for the partition key and kind columns at this width; the preview takes the rest. */
export function rowColumns(width: number): RowColumns {
	const fixed = 12 + 1 + 4 + 1 + 10 + 1;
	const key = width >= 70 ? 14 : 10;
	const kind = width >= 90 ? 8 : 0;
	return {key, kind, preview: Math.max(4, width - fixed - key - 1 - kind)};
}

/** A record's row: time, shard, sequence number, partition key, kind, preview, in cells of fixed width. */
export function tailRow(record: TailRecord, columns: RowColumns): string {
	const parts = [
		clockTime(record.arrival),
		fitWidth(shortShard(record.shardId), 4, 'right'),
		fitWidth(shortSequence(record.sequenceNumber, record.subSequenceNumber), 10),
		fitWidth(record.partitionKey, columns.key),
	];
	if (columns.kind > 0) {
		parts.push(fitWidth(record.kind, columns.kind - 1));
	}
	parts.push(truncate(`${record.warning ? '⚠ ' : ''}${record.preview}`, columns.preview));
	return parts.join(' ');
}

export function tailHeader(columns: RowColumns): string {
	const parts = [
		'TIME'.padEnd(12),
		'SHRD',
		'SEQUENCE'.padEnd(10),
		'PARTITION KEY'.padEnd(columns.key),
	];
	if (columns.kind > 0) {
		parts.push('KIND'.padEnd(columns.kind - 1));
	}
	parts.push('DATA');
	return parts.join(' ');
}
