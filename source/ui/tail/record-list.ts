import {clamp} from '../../lib/clamp.js';
import type {ReadonlyRing} from '../../lib/ring-buffer.js';
import type {TailRecord} from '../../services/tail/tail-service.js';
import {
	type FilterSubject,
	filterOf,
	parseFilterLine,
	recordSubject,
} from '../../model/record-filter.js';

/**
 * The tail's records as a list: which the filter keeps, which are on screen, which is selected, and
 * where a move takes the selection.
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
 * The filter as typed, in the language of `tail --grep` and `--where` (model/record-filter.ts): text
 * found in the partition key or the data, ignoring case; a regular expression between slashes
 * (`/err(or)?/i`); `path=value` on JSON data. Every term must hold.
 */
export function matcherOf(filter: string): {match?: Matcher; error?: string} {
	const parsed = parseFilterLine(filter);
	if ('error' in parsed) {
		return {error: parsed.error};
	}
	const keeps = filterOf(parsed.terms);
	return keeps ? {match: (record) => keeps(subjectOf(record))} : {};
}

/** Each record as the filter looks at it, kept with it: its data is parsed as JSON once at most. */
const subjects = new WeakMap<TailRecord, FilterSubject>();

/** The text the record was given for the filter when it arrived, and its data as JSON when asked. */
function subjectOf(record: TailRecord): FilterSubject {
	let subject = subjects.get(record);
	if (!subject) {
		const {json} = recordSubject(record);
		subject = {text: () => record.searchText, json};
		subjects.set(record, subject);
	}
	return subject;
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
