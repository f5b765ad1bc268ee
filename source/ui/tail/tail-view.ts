import {shortShard} from '../../format/shard-text.js';
import stringWidth from 'string-width';
import {decodePayload} from '../../model/payload.js';
import {hexDump} from '../../format/hex.js';
import {prettyJson, type Segment} from '../../format/json-tones.js';
import {sanitizeLine, sanitizeText} from '../../format/sanitize.js';
import type {ReadonlyRing} from '../../lib/ring-buffer.js';
import type {TailRecord} from '../../services/tail/tail-service.js';
import type {ShardStatus} from '../../services/tail/tailer.js';
import {fitWidth, truncate} from '../../format/text-width.js';

/**
 * The tail pane's pure parts: which records the filter keeps, which are on screen, and how a row, the
 * rate and a whole record look. Everything here is tested without a terminal.
 */

/** The records on screen come from here: the ring itself, or the records the filter kept. */
export type RecordList = {
	size: number;
	at(index: number): TailRecord | undefined;
	/** The index of the first record whose id is `id` or later (`size` if none). */
	indexOf(id: number): number;
};

export function ringList(ring: ReadonlyRing<TailRecord>): RecordList {
	return {
		size: ring.size,
		at: (index) => ring.at(index),
		indexOf(id) {
			const first = ring.at(0)?.id;
			return first === undefined ? 0 : Math.min(ring.size, Math.max(0, id - first));
		},
	};
}

export function arrayList(records: readonly TailRecord[]): RecordList {
	return {
		size: records.length,
		at: (index) => records[index],
		indexOf(id) {
			let low = 0;
			let high = records.length;
			while (low < high) {
				const middle = (low + high) >> 1;
				if ((records[middle]?.id ?? 0) < id) {
					low = middle + 1;
				} else {
					high = middle;
				}
			}
			return low;
		},
	};
}

export type Matcher = (record: TailRecord) => boolean;

/**
 * The filter as typed: text matched anywhere in the partition key or the data, ignoring case, or a
 * regular expression written between slashes (`/err(or)?/i`), whose ^ and $ match at each line.
 */
export function matcherOf(filter: string): {match?: Matcher; error?: string} {
	const trimmed = filter.trim();
	if (trimmed === '') {
		return {};
	}
	const regex = /^\/(.+)\/([a-z]*)$/.exec(trimmed);
	let pattern: RegExp;
	try {
		pattern = regex
			? new RegExp(regex[1] as string, `${(regex[2] as string).replace(/[gym]/g, '')}m`)
			: new RegExp(trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
	} catch (error) {
		return {
			error: `Not a regular expression: ${sanitizeLine(error instanceof Error ? error.message : String(error))}`,
		};
	}
	return {match: (record) => pattern.test(record.searchText)};
}

export type Window = {selectedIndex: number; offset: number};

/**
 * Which rows are on screen and which is selected: the newest while following, else the one the user
 * chose (or, once it has left the buffer, the oldest there is), the top row held where it was.
 */
export function resolveTailWindow(
	view: {follow: boolean; selectedId?: number; topId?: number},
	list: RecordList,
	height: number,
): Window {
	const rows = Math.max(1, height);
	if (list.size === 0) {
		return {selectedIndex: -1, offset: 0};
	}
	const last = list.size - 1;
	if (view.follow || view.selectedId === undefined) {
		return {selectedIndex: last, offset: Math.max(0, list.size - rows)};
	}
	const selectedIndex = Math.min(list.indexOf(view.selectedId), last);
	const top = view.topId === undefined ? selectedIndex - rows + 1 : list.indexOf(view.topId);
	const offset = clamp(top, Math.max(0, selectedIndex - rows + 1), selectedIndex);
	return {selectedIndex, offset: clamp(offset, 0, Math.max(0, list.size - rows))};
}

/** Where a move of the selection by `delta` rows leaves it; at the newest record it follows again. */
export function moveSelection(
	view: {follow: boolean; selectedId?: number; topId?: number},
	list: RecordList,
	height: number,
	delta: number,
): {id?: number; topId?: number; follow: boolean} {
	const current = resolveTailWindow(view, list, height);
	if (current.selectedIndex < 0) {
		return {follow: true};
	}
	const index = clamp(current.selectedIndex + delta, 0, list.size - 1);
	if (index === list.size - 1 && delta > 0) {
		return {follow: true};
	}
	const rows = Math.max(1, height);
	const offset = clamp(current.offset, Math.max(0, index - rows + 1), index);
	return {id: list.at(index)?.id, topId: list.at(offset)?.id, follow: false};
}

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

/** 0 ms, 850 ms, 4.2 s, 3 min, 2.5 h. */
export function duration(ms: number): string {
	if (ms < 1000) {
		return `${Math.round(ms)} ms`;
	}
	if (ms < 60_000) {
		return `${(ms / 1000).toFixed(1)} s`;
	}
	if (ms < 3_600_000) {
		return `${Math.round(ms / 60_000)} min`;
	}
	return `${(ms / 3_600_000).toFixed(1)} h`;
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

const MAX_DETAIL_LINES = 5000;

/** A record's data as lines to show whole: JSON pretty and coloured, text, or bytes. */
export function dataLines(
	data: Uint8Array,
	binary: 'hex' | 'base64',
): {lines: Segment[][]; about: string} {
	const payload = decodePayload(data);
	const gzip = payload.gzip ? 'gzip, ' : '';
	const cut = (lines: Segment[][], total: number): Segment[][] =>
		total > MAX_DETAIL_LINES
			? [
					...lines.slice(0, MAX_DETAIL_LINES),
					[{text: `… (${total - MAX_DETAIL_LINES} more lines: tail --json has it all)`}],
				]
			: lines;
	switch (payload.kind) {
		case 'json': {
			const lines = prettyJson(payload.text, MAX_DETAIL_LINES + 1);
			return {lines: cut(lines, lines.length), about: `${gzip}JSON`};
		}
		case 'text': {
			const lines = sanitizeText(payload.text).split('\n');
			return {
				lines: cut(
					lines.slice(0, MAX_DETAIL_LINES + 1).map((text) => [{text}]),
					lines.length,
				),
				about: `${gzip}text`,
			};
		}
		case 'binary': {
			const note = payload.note ? `, ${payload.note}` : '';
			if (binary === 'base64') {
				const text = Buffer.from(payload.bytes).toString('base64');
				const lines = text.match(/.{1,76}/g) ?? [];
				return {
					lines: cut(
						lines.slice(0, MAX_DETAIL_LINES).map((line) => [{text: line}]),
						lines.length,
					),
					about: `${gzip}bytes as base64${note}`,
				};
			}
			const total = Math.ceil(payload.bytes.length / 16);
			return {
				lines: cut(
					hexDump(payload.bytes, MAX_DETAIL_LINES).map((line) => [{text: line}]),
					total,
				),
				about: `${gzip}bytes as hex${note}`,
			};
		}
	}
}

/** A line of segments broken into rows of at most `width` terminal cells. */
export function wrapSegments(line: readonly Segment[], width: number): Segment[][] {
	const room = Math.max(1, width);
	const rows: Segment[][] = [];
	let row: Segment[] = [];
	let used = 0;
	for (const segment of line) {
		// Plain ASCII, most of what records hold, is one cell a character: cut it by length.
		if (/^[\x20-\x7e]*$/.test(segment.text)) {
			let rest = segment.text;
			while (used + rest.length > room) {
				const fits = room - used;
				if (fits > 0) {
					row.push({...segment, text: rest.slice(0, fits)});
				}
				rows.push(row);
				row = [];
				used = 0;
				rest = rest.slice(fits);
			}
			if (rest) {
				row.push({...segment, text: rest});
				used += rest.length;
			}
			continue;
		}
		let piece = '';
		for (const character of segment.text) {
			const cells = stringWidth(character);
			if (used + cells > room && used > 0) {
				if (piece) {
					row.push({...segment, text: piece});
				}
				rows.push(row);
				row = [];
				piece = '';
				used = 0;
			}
			piece += character;
			used += cells;
		}
		if (piece) {
			row.push({...segment, text: piece});
		}
	}
	rows.push(row);
	return rows;
}

function clamp(value: number, low: number, high: number): number {
	return Math.min(Math.max(value, low), high);
}
