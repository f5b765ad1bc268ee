import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {editMultiline} from '../../source/ui/put-form/multiline-edit.js';
import type {TextWithCursor} from '../../source/ui/text-edit.js';
import {
	FIELDS,
	formRows,
	initialPutFormState,
	type PutFormAction,
	putFormReducer,
} from '../../source/ui/put-form/put-form-state.js';
import {
	progressLine,
	progressStats,
	shardLines,
	summaryLine,
} from '../../source/format/progress-text.js';
import {noKey} from '../support/keys.js';

function typeInto(state: TextWithCursor, ...keys: Array<string | Partial<Key>>): TextWithCursor {
	return keys.reduce<TextWithCursor>((current, key) => {
		const next =
			typeof key === 'string'
				? editMultiline(current, key, noKey)
				: editMultiline(current, '', {...noKey, ...key});
		return next ?? current;
	}, state);
}

describe('multi-line editing', () => {
	it('inserts at the cursor, breaks lines on enter, deletes before the cursor', () => {
		const typed = typeInto({text: '', cursor: 0}, '{', {return: true}, '}', {leftArrow: true}, 'x');
		expect(typed).toEqual({text: '{\nx}', cursor: 3});
		expect(typeInto(typed, {backspace: true}, {backspace: true})).toEqual({text: '{}', cursor: 1});
	});

	it('moves up and down by line, keeping the column where it can', () => {
		const start = {text: 'abcdef\nxy\nlonger line', cursor: 5};
		expect(typeInto(start, {downArrow: true})).toMatchObject({cursor: 9});
		expect(typeInto(start, {downArrow: true}, {downArrow: true})).toMatchObject({cursor: 12});
		expect(typeInto(start, {upArrow: true})).toMatchObject({cursor: 0});
		expect(typeInto({text: 'ab\ncd', cursor: 4}, {home: true})).toMatchObject({cursor: 3});
		expect(typeInto({text: 'ab\ncd', cursor: 0}, {end: true})).toMatchObject({cursor: 2});
	});

	it('never splits a character outside the basic plane, and leaves esc and tab to the form', () => {
		expect(typeInto({text: 'a😀', cursor: 3}, {leftArrow: true})).toMatchObject({cursor: 1});
		expect(typeInto({text: 'a😀', cursor: 3}, {backspace: true})).toEqual({text: 'a', cursor: 1});
		expect(editMultiline({text: '', cursor: 0}, '', {...noKey, escape: true})).toBeUndefined();
		expect(editMultiline({text: '', cursor: 0}, '', {...noKey, tab: true})).toBeUndefined();
		expect(editMultiline({text: '', cursor: 0}, 'a\u0007b\r\nc', noKey)).toEqual({
			text: 'ab\nc',
			cursor: 4,
		});
	});
});

describe('put form state', () => {
	const run = (...actions: PutFormAction[]) => actions.reduce(putFormReducer, initialPutFormState);

	it('moves through the fields and on into the history, and edits only fields', () => {
		const down = {type: 'move', delta: 1, fields: FIELDS, historyLength: 2} as const;
		expect(run(down).selection).toEqual({kind: 'field', field: 'explicitHashKey'});
		const inHistory = run(down, down, down, down, down, down, down);
		expect(inHistory.selection).toEqual({kind: 'history', index: 1});
		expect(putFormReducer(inHistory, {type: 'startEditing'}).editing).toBe(false);
		expect(run({type: 'startEditing'}).editing).toBe(true);
		expect(run({type: 'startEditing'}, down).editing).toBe(false);
	});

	it('goes round the fields while editing, and keeps what was typed', () => {
		const state = run(
			{type: 'startEditing'},
			{type: 'setField', field: 'partitionKey', value: 'user-1'},
			{type: 'nextField', delta: -1, fields: FIELDS},
		);
		expect(state.selection).toEqual({kind: 'field', field: 'data'});
		expect(state.editing).toBe(true);
		expect(state.draft.partitionKey).toBe('user-1');
	});

	it('cycles the data format, and loads a sent record back to edit it', () => {
		expect(run({type: 'cycleFormat'}).draft.format).toBe('json');
		expect(
			run({type: 'cycleFormat'}, {type: 'cycleFormat'}, {type: 'cycleFormat'}).draft.format,
		).toBe('text');
		const draft = {
			partitionKey: 'k',
			data: 'abc',
			format: 'text' as const,
			explicitHashKey: '',
			sequenceNumberForOrdering: '',
		};
		expect(run({type: 'load', draft})).toMatchObject({
			draft,
			cursors: {partitionKey: 1, explicitHashKey: 0, sequenceNumberForOrdering: 0, data: 3},
			editing: false,
		});
	});

	it('keeps the file panel fields, each with its own cursor', () => {
		const state = run(
			{type: 'openFile'},
			{type: 'editFileField', field: 'path', edit: {text: '/tmp/x', cursor: 4}},
			{type: 'moveFileField'},
			{type: 'editFileField', field: 'keyField', edit: {text: 'user.id', cursor: 7}},
		);
		expect(state.file).toEqual({
			path: '/tmp/x',
			keyField: 'user.id',
			cursors: {path: 4, keyField: 7},
			field: 'keyField',
			editing: true,
			badLineOffset: 0,
		});
		expect(putFormReducer(state, {type: 'closeFile'}).file).toBeUndefined();
	});

	it("scrolls a checked file's bad lines within the list, and starts a new check at its top", () => {
		const scroll = (delta: number) =>
			({type: 'scrollBadLines', delta, count: 12, rows: 5}) as const;
		const opened = run({type: 'openFile'}, {type: 'editFile', editing: false});
		expect(putFormReducer(opened, scroll(3)).file?.badLineOffset).toBe(3);
		// 12 lines, 5 on screen: the last screenful starts at the 8th.
		expect(putFormReducer(opened, scroll(50)).file?.badLineOffset).toBe(7);
		expect(putFormReducer(opened, scroll(-1)).file?.badLineOffset).toBe(0);
		const scrolled = putFormReducer(opened, scroll(4));
		expect(putFormReducer(scrolled, {type: 'editFile', editing: true}).file).toMatchObject({
			editing: true,
			badLineOffset: 0,
		});
		expect(putFormReducer(initialPutFormState, scroll(1))).toBe(initialPutFormState);
	});

	it('keeps a cursor for each field: an edit moves its own, a value set whole puts it at the end', () => {
		const state = run(
			{type: 'editField', field: 'partitionKey', edit: {text: 'user-42', cursor: 4}},
			{type: 'editField', field: 'data', edit: {text: '{}', cursor: 1}},
		);
		expect(state.cursors).toEqual({
			partitionKey: 4,
			explicitHashKey: 0,
			sequenceNumberForOrdering: 0,
			data: 1,
		});
		const random = putFormReducer(state, {type: 'setField', field: 'partitionKey', value: 'r-123'});
		expect(random.draft.partitionKey).toBe('r-123');
		expect(random.cursors).toMatchObject({partitionKey: 5, data: 1});
	});

	it('lays the form out in the rows it has, the optional fields first to go', () => {
		expect(formRows(3)).toBeUndefined();
		expect(formRows(4)).toEqual({fields: ['partitionKey', 'data'], dataLines: 1, historyLines: 0});
		expect(formRows(5)?.fields).toEqual(['partitionKey', 'explicitHashKey', 'data']);
		expect(formRows(12)).toEqual({fields: FIELDS, dataLines: 4, historyLines: 3});
		for (const height of [4, 5, 6, 9, 12, 20, 40]) {
			const rows = formRows(height);
			const used =
				(rows?.fields.length ?? 0) - 1 + 2 + (rows?.dataLines ?? 0) + (rows?.historyLines ?? 0);
			expect(used).toBe(height);
		}
	});
});

describe('bulk progress text', () => {
	const progress = {
		total: 20_000,
		landed: 12_000,
		failed: 0,
		retried: 37,
		resentAfterTimeout: 0,
		startedAt: 0,
		byShard: new Map([
			['shardId-000000000002', 5000],
			['shardId-000000000001', 7000],
		]),
	};

	it('counts, rates and estimates the time left', () => {
		expect(progressStats(progress, 3000)).toBe(
			'12,000/20,000 · 60% · 4,000/s · 37 retried · 2 s left',
		);
		expect(progressLine(progress, 3000, 80)).toMatch(/^█{16}░{10} 12,000\/20,000/);
	});

	it('sums up per shard', () => {
		expect(summaryLine({...progress, landed: 20_000}, 'clicks', 4000, false)).toBe(
			'Sent 20,000 records to clicks in 4.0 s (5,000 records/s); 37 retried, 0 failed.',
		);
		expect(summaryLine(progress, 'clicks', 4000, true)).toMatch(/stopped with 8,000 not sent\.$/);
		expect(summaryLine({...progress, resentAfterTimeout: 3}, 'clicks', 4000, false)).toMatch(
			/0 failed; sent again after a timeout: 3 \(each may be in the stream twice\)\.$/,
		);
		expect(shardLines(progress)).toEqual([
			'shardId-000000000001  7,000',
			'shardId-000000000002  5,000',
		]);
	});
});

describe('t: the data in another format, the same bytes', () => {
	const withData = (data: string, format: 'text' | 'json' | 'base64') =>
		putFormReducer(initialPutFormState, {
			type: 'load',
			draft: {...initialPutFormState.draft, data, format},
		});

	it('writes text as base64 and back, JSON staying the same letters', () => {
		const json = putFormReducer(withData('{"a":"é"}', 'text'), {type: 'cycleFormat'});
		expect(json.draft).toMatchObject({format: 'json', data: '{"a":"é"}'});
		const base64 = putFormReducer(json, {type: 'cycleFormat'});
		expect(base64.draft).toMatchObject({format: 'base64', data: 'eyJhIjoiw6kifQ=='});
		const text = putFormReducer(base64, {type: 'cycleFormat'});
		expect(text.draft).toMatchObject({format: 'text', data: '{"a":"é"}'});
	});

	it('keeps bytes that are not UTF-8 in base64, and says why until the next key', () => {
		const refused = putFormReducer(withData('/w==', 'base64'), {type: 'cycleFormat'});
		expect(refused.draft).toMatchObject({format: 'base64', data: '/w=='});
		expect(refused.formatNote).toBe('The bytes are not UTF-8 text: they stay base64.');
		expect(putFormReducer(refused, {type: 'startEditing'}).formatNote).toBeUndefined();
	});
});
