import {clamp} from '../../lib/clamp.js';
import {
	convertData,
	DATA_FORMATS,
	type DraftField,
	emptyDraft,
	type PutDraft,
} from '../../model/put-draft.js';
import type {TextWithCursor} from '../text-edit.js';

/** What the put pane remembers: the record being typed, where the keys go, the file panel. */

/** The form's fields, top to bottom. */
export const FIELDS: readonly DraftField[] = [
	'partitionKey',
	'explicitHashKey',
	'sequenceNumberForOrdering',
	'data',
];

export type FormSelection = {kind: 'field'; field: DraftField} | {kind: 'history'; index: number};

export type FileField = 'path' | 'keyField';

export type FilePanel = {
	path: string;
	keyField: string;
	/** Where each field's cursor is. */
	cursors: Record<FileField, number>;
	field: FileField;
	editing: boolean;
	/** The first of a checked file's bad lines on screen: the list scrolls. */
	badLineOffset: number;
};

export type PutFormState = {
	draft: PutDraft;
	/** Where the cursor is in each field: each keeps its own. */
	cursors: Record<DraftField, number>;
	selection: FormSelection;
	/** The selected field has the keys. */
	editing: boolean;
	/** Open while the user sends a file. */
	file?: FilePanel;
	/** Why the last `t` left the data's format as it was; gone with the next key. */
	formatNote?: string;
};

export type PutFormAction =
	/** Up or down through the fields the form shows, then the history's `historyLength` rows. */
	| {type: 'move'; delta: number; fields: readonly DraftField[]; historyLength: number}
	| {type: 'startEditing'}
	| {type: 'stopEditing'}
	/** To the next field (or back), still editing. */
	| {type: 'nextField'; delta: number; fields: readonly DraftField[]}
	/** A value put in the field whole (a random key): the cursor goes after it. */
	| {type: 'setField'; field: DraftField; value: string}
	/** A key's edit of the field that has the keys. */
	| {type: 'editField'; field: DraftField; edit: TextWithCursor}
	| {type: 'cycleFormat'}
	/** A sent record back in the form, to edit it. */
	| {type: 'load'; draft: PutDraft}
	| {type: 'openFile'}
	| {type: 'closeFile'}
	| {type: 'editFileField'; field: FileField; edit: TextWithCursor}
	| {type: 'moveFileField'}
	/** Into a field of the file panel, or out of it; either way a new check's list starts at its top. */
	| {type: 'editFile'; editing: boolean}
	/** The bad lines' list by `delta` rows: `count` lines in all, `rows` of them on screen. */
	| {type: 'scrollBadLines'; delta: number; count: number; rows: number};

const noCursors: Record<DraftField, number> = {
	partitionKey: 0,
	explicitHashKey: 0,
	sequenceNumberForOrdering: 0,
	data: 0,
};

export const initialPutFormState: PutFormState = {
	draft: emptyDraft,
	cursors: noCursors,
	selection: {kind: 'field', field: 'partitionKey'},
	editing: false,
};

export function putFormReducer(state: PutFormState, action: PutFormAction): PutFormState {
	// A note on the format stays until the next key.
	return changeForm(state.formatNote ? {...state, formatNote: undefined} : state, action);
}

function changeForm(state: PutFormState, action: PutFormAction): PutFormState {
	switch (action.type) {
		case 'move': {
			const rows = action.fields.length + action.historyLength;
			const at = rowIndex(state.selection, action.fields);
			const next = Math.min(Math.max(0, at + action.delta), Math.max(0, rows - 1));
			return {...state, selection: rowSelection(next, action.fields), editing: false};
		}
		case 'startEditing': {
			return state.selection.kind === 'field' ? {...state, editing: true} : state;
		}
		case 'stopEditing': {
			return {...state, editing: false};
		}
		case 'nextField': {
			const at = rowIndex(state.selection, action.fields);
			const count = action.fields.length;
			const next = (((at + action.delta) % count) + count) % count;
			return {...state, selection: rowSelection(next, action.fields)};
		}
		case 'setField': {
			return {
				...state,
				draft: {...state.draft, [action.field]: action.value},
				cursors: {...state.cursors, [action.field]: action.value.length},
			};
		}
		case 'editField': {
			return {
				...state,
				draft: {...state.draft, [action.field]: action.edit.text},
				cursors: {...state.cursors, [action.field]: action.edit.cursor},
			};
		}
		case 'cycleFormat': {
			// The same bytes in the next format, where they can be written in it.
			const {data, format: from} = state.draft;
			const index = DATA_FORMATS.indexOf(from);
			const format = DATA_FORMATS[(index + 1) % DATA_FORMATS.length] ?? 'text';
			const converted = convertData(data, from, format);
			if ('error' in converted) {
				return {...state, formatNote: converted.error};
			}
			return {
				...state,
				draft: {...state.draft, format, data: converted.data},
				cursors: {...state.cursors, data: converted.data.length},
			};
		}
		case 'load': {
			return {
				...state,
				draft: action.draft,
				cursors: {
					partitionKey: action.draft.partitionKey.length,
					explicitHashKey: action.draft.explicitHashKey.length,
					sequenceNumberForOrdering: action.draft.sequenceNumberForOrdering.length,
					data: action.draft.data.length,
				},
				selection: {kind: 'field', field: 'data'},
				editing: false,
			};
		}
		case 'openFile': {
			return {
				...state,
				editing: false,
				file: state.file ?? {
					path: '',
					keyField: '',
					cursors: {path: 0, keyField: 0},
					field: 'path',
					editing: true,
					badLineOffset: 0,
				},
			};
		}
		case 'closeFile': {
			return {...state, file: undefined};
		}
		case 'editFileField': {
			return state.file
				? {
						...state,
						file: {
							...state.file,
							[action.field]: action.edit.text,
							cursors: {...state.file.cursors, [action.field]: action.edit.cursor},
						},
					}
				: state;
		}
		case 'moveFileField': {
			return state.file
				? {
						...state,
						file: {...state.file, field: state.file.field === 'path' ? 'keyField' : 'path'},
					}
				: state;
		}
		case 'editFile': {
			return state.file
				? {...state, file: {...state.file, editing: action.editing, badLineOffset: 0}}
				: state;
		}
		case 'scrollBadLines': {
			if (!state.file) {
				return state;
			}
			const last = Math.max(0, action.count - action.rows);
			const badLineOffset = clamp(state.file.badLineOffset + action.delta, 0, last);
			return {...state, file: {...state.file, badLineOffset}};
		}
	}
}

/** Rows are the fields, then the history: a history row's index counts from the first sent record. */
function rowIndex(selection: FormSelection, fields: readonly DraftField[]): number {
	if (selection.kind === 'history') {
		return fields.length + selection.index;
	}
	const index = fields.indexOf(selection.field);
	// A field the form no longer shows (the pane got smaller): the nearest one below it that is shown.
	return index >= 0
		? index
		: Math.max(
				0,
				fields.findIndex((field) => field === 'data'),
			);
}

function rowSelection(index: number, fields: readonly DraftField[]): FormSelection {
	const field = fields[index];
	return field ? {kind: 'field', field} : {kind: 'history', index: index - fields.length};
}

/** The rows of the form for a pane content this tall; undefined when the form cannot fit. */
export type FormRows = {
	fields: DraftField[];
	dataLines: number;
	historyLines: number;
};

/** The key, the data's label, a line of data and the status line are the least a form needs. */
export const MIN_FORM_ROWS = 4;

export function formRows(height: number): FormRows | undefined {
	if (height < MIN_FORM_ROWS) {
		return undefined;
	}
	let rest = height - MIN_FORM_ROWS;
	const fields: DraftField[] = ['partitionKey'];
	for (const optional of ['explicitHashKey', 'sequenceNumberForOrdering'] as const) {
		if (rest > 0) {
			fields.push(optional);
			rest--;
		}
	}
	fields.push('data');
	const historyLines = rest >= 4 ? Math.floor(rest / 2) : 0;
	return {fields, dataLines: 1 + rest - historyLines, historyLines};
}
