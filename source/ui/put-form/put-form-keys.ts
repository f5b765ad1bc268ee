import {randomPartitionKey} from '../../model/record-limits.js';
import type {PutService, SentRecord} from '../../services/put/put-service.js';
import {type KeyAction, type KeyTable} from '../key-table.js';
import {matches, type Motion} from '../keymap.js';
import {motionActions} from '../list-window.js';
import {editLine} from '../text-edit.js';
import {badLineTexts} from './bad-lines.js';
import {editMultiline} from './multiline-edit.js';
import type {DraftField} from '../../model/put-draft.js';
import type {PutFormAction, PutFormState} from './put-form-state.js';

/** What the put form's keys act on: its state as the last key left it, and its service. */
export type PutFormKeyContext = {
	state: PutFormState;
	dispatch: (action: PutFormAction) => void;
	service: PutService;
	/** The records sent to this stream, newest first. */
	history: readonly SentRecord[];
	/** The fields the form has room for. */
	fields: readonly DraftField[];
	/** The rows a checked file's list of bad lines has. */
	badLineRows: number;
	stream?: string;
};

const selectedEntry = ({state, history}: PutFormKeyContext) =>
	state.selection.kind === 'history' ? history[state.selection.index] : undefined;

const move =
	(delta: number) =>
	({dispatch, fields, history}: PutFormKeyContext) =>
		dispatch({type: 'move', delta, fields, historyLength: history.length});

const openAction = (
	command: 'editField' | 'open',
	hint?: string,
): KeyAction<PutFormKeyContext> => ({
	command,
	hint,
	run(context) {
		const entry = selectedEntry(context);
		context.dispatch(entry ? {type: 'load', draft: entry.draft} : {type: 'startEditing'});
	},
});

/** The form's fields and sent records, none of them taking keys. */
const formKeys: KeyTable<PutFormKeyContext> = {
	actions: [
		openAction('editField', 'edit'),
		{
			command: 'send',
			hint: 'send',
			run: (context) => context.service.send((selectedEntry(context) ?? context.state).draft),
		},
		{
			command: 'randomKey',
			hint: 'random key',
			run: ({dispatch}) =>
				dispatch({type: 'setField', field: 'partitionKey', value: randomPartitionKey()}),
		},
		{
			command: 'sendFile',
			hint: 'file',
			when: ({stream}) => stream !== undefined,
			run: ({dispatch}) => dispatch({type: 'openFile'}),
		},
		openAction('open'),
		{command: 'up', run: move(-1)},
		{command: 'down', run: move(1)},
		{command: 'dataFormat', run: ({dispatch}) => dispatch({type: 'cycleFormat'})},
	],
};

/** A field has the keys: every key is the form's, so q or 4 are typed rather than obeyed. */
const fieldKeys: KeyTable<PutFormKeyContext> = {
	actions: [{command: 'back', run: ({dispatch}) => dispatch({type: 'stopEditing'})}],
	rest(input, key, {state, dispatch, fields}) {
		if (state.selection.kind !== 'field') {
			return true;
		}
		const {field} = state.selection;
		const value = {text: state.draft[field], cursor: state.cursors[field]};
		if (key.tab) {
			dispatch({type: 'nextField', delta: key.shift ? -1 : 1, fields});
		} else if (field === 'data') {
			const edit = editMultiline(value, input, key);
			if (edit) {
				dispatch({type: 'editField', field, edit});
			}
		} else if (key.upArrow || key.downArrow) {
			dispatch({type: 'nextField', delta: key.upArrow ? -1 : 1, fields});
		} else if (key.return) {
			dispatch({type: 'stopEditing'});
		} else {
			const edit = editLine(value, input, key);
			if (edit) {
				dispatch({type: 'editField', field, edit});
			}
		}
		return true;
	},
};

/** The file panel's check, asked of the service with what its fields hold. */
function checkFile({state, dispatch, service}: PutFormKeyContext) {
	if (state.file) {
		dispatch({type: 'editFile', editing: false});
		service.checkFile({
			path: state.file.path,
			keyField: state.file.keyField,
			fixedKey: state.draft.partitionKey,
		});
	}
}

/**
 * The file panel is a dialog: while it is open it keeps every key (tab and the pane digits too), so
 * nothing typed in it reaches another pane.
 */
const keepEveryKey = () => true;

/** The file panel's two fields, before anything is checked. */
const fileFieldKeys: KeyTable<PutFormKeyContext> = {
	actions: [
		{command: 'back', run: ({dispatch}) => dispatch({type: 'closeFile'})},
		{command: 'open', run: ({dispatch}) => dispatch({type: 'editFile', editing: true})},
		{command: 'editField', run: ({dispatch}) => dispatch({type: 'editFile', editing: true})},
		{command: 'up', run: ({dispatch}) => dispatch({type: 'moveFileField'})},
		{command: 'down', run: ({dispatch}) => dispatch({type: 'moveFileField'})},
		{command: 'send', run: checkFile},
	],
	rest: keepEveryKey,
};

/** A field of the file panel has the keys: enter checks the file. */
const fileEditKeys: KeyTable<PutFormKeyContext> = {
	actions: [],
	rest(input, key, context) {
		const {state, dispatch} = context;
		const panel = state.file;
		if (!panel) {
			return false;
		}
		if (matches('back', input, key)) {
			dispatch({type: 'editFile', editing: false});
		} else if (key.tab || key.upArrow || key.downArrow) {
			dispatch({type: 'moveFileField'});
		} else if (key.return) {
			checkFile(context);
		} else {
			const {field} = panel;
			const edit = editLine({text: panel[field], cursor: panel.cursors[field]}, input, key);
			if (edit) {
				dispatch({type: 'editFileField', field, edit});
			}
		}
		return true;
	},
};

/** A check or a send under way: esc stops it. */
const fileBusyKeys: KeyTable<PutFormKeyContext> = {
	actions: [{command: 'back', run: ({service}) => service.cancelFile()}],
	rest: keepEveryKey,
};

/** A checked file's list of bad lines, moved by `motion`. */
function scrollBadLines({service, dispatch, badLineRows}: PutFormKeyContext, motion: Motion) {
	const file = service.getSnapshot().file;
	if (file?.phase !== 'checked') {
		return;
	}
	const count = badLineTexts(file.check).length;
	const rows: Record<Motion, number> = {
		up: -1,
		down: 1,
		pageUp: -badLineRows,
		pageDown: badLineRows,
		top: -count,
		bottom: count,
	};
	dispatch({type: 'scrollBadLines', delta: rows[motion], count, rows: badLineRows});
}

/** A file checked: enter or s sends its good records, the list of bad lines scrolls, esc closes it. */
const fileCheckedKeys: KeyTable<PutFormKeyContext> = {
	actions: [
		{command: 'open', run: ({service}) => service.sendFile()},
		{command: 'send', run: ({service}) => service.sendFile()},
		{command: 'back', run: ({service}) => service.closeFile()},
		...motionActions<PutFormKeyContext>(scrollBadLines).map((action) => ({
			...action,
			hint: undefined,
		})),
	],
	rest: keepEveryKey,
};

/**
 * A file sent or refused: enter goes back to its fields, the one it was checked from taking the keys
 * again (what is typed next edits it); esc back to the form.
 */
const fileOverKeys: KeyTable<PutFormKeyContext> = {
	actions: [
		{
			command: 'open',
			run({service, dispatch}) {
				service.closeFile();
				dispatch({type: 'editFile', editing: true});
			},
		},
		{
			command: 'back',
			run({service, dispatch}) {
				service.closeFile();
				dispatch({type: 'closeFile'});
			},
		},
	],
	rest: keepEveryKey,
};

/** The put form's keys as it stands: the file panel's at its step, a field's, or the form's. */
export function putFormKeys(context: PutFormKeyContext): KeyTable<PutFormKeyContext> {
	const {state, service} = context;
	if (state.file) {
		switch (service.getSnapshot().file?.phase) {
			case 'checking':
			case 'sending': {
				return fileBusyKeys;
			}
			case 'checked': {
				return fileCheckedKeys;
			}
			case 'done':
			case 'failed': {
				return fileOverKeys;
			}
			case undefined: {
				return state.file.editing ? fileEditKeys : fileFieldKeys;
			}
		}
	}
	return state.editing && state.selection.kind === 'field' ? fieldKeys : formKeys;
}
