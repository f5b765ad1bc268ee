import {useMemo, useRef} from 'react';
import type {TailRecord, TailSnapshot} from '../../services/tail/tail-service.js';
import type {Segment} from '../../format/json-tones.js';
import type {RecordView} from './tail-state.js';
import {arrayList, type Matcher, type RecordList, ringList} from './record-list.js';
import {dataLines, wrapSegments} from './record-lines.js';

type Kept = {match: Matcher; records: TailRecord[]; lastId: number};

/**
 * The records on screen come from: the ring, or the records the filter keeps. The filter tests each
 * record once, as it arrives (and all of them again only when the filter changes), never per frame.
 */
export function useRecordList(snapshot: TailSnapshot, match: Matcher | undefined): RecordList {
	const kept = useRef<Kept | undefined>(undefined);
	const {records: ring, version} = snapshot;
	return useMemo(() => {
		if (!match) {
			kept.current = undefined;
			return ringList(ring);
		}
		const previous = kept.current?.match === match ? kept.current : {match, records: [], lastId: 0};
		const firstId = ring.at(0)?.id ?? Number.POSITIVE_INFINITY;
		let evicted = 0;
		while (evicted < previous.records.length && (previous.records[evicted]?.id ?? 0) < firstId) {
			evicted++;
		}
		const records = previous.records.slice(evicted);
		const all = ringList(ring);
		for (let index = all.indexOf(previous.lastId + 1); index < ring.size; index++) {
			const record = ring.at(index);
			if (record && match(record)) {
				records.push(record);
			}
		}
		kept.current = {match, records, lastId: ring.at(ring.size - 1)?.id ?? previous.lastId};
		return arrayList(records);
		// The ring is written in place: its version says when it changed.
	}, [ring, version, match]);
}

/** A record's data as rows of the pane's width, made once when it is opened, for scrolling. */
export function useRecordRows(
	record: TailRecord | undefined,
	view: RecordView | undefined,
	width: number,
): {rows: Segment[][]; about: string} {
	return useMemo(() => {
		if (!record || !view) {
			return {rows: [], about: ''};
		}
		const {lines, about} = dataLines(record.data, view.binary, width);
		return {rows: lines.flatMap((line) => wrapSegments(line, width)), about};
	}, [record, view?.binary, width]);
}
