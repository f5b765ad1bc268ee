import {positionOf} from '../../model/positions.js';
import {KINESIS_NAME} from '../../model/stream-rules.js';
import type {TailRecord, TailService, TailStatus} from '../../services/tail/tail-service.js';
import type {MenuEntry} from '../components/menu.js';
import {type FilterKeyContext, filterKeys} from '../filter-state.js';
import {type KeyAction, type KeyTable, within} from '../key-table.js';
import type {Motion} from '../keymap.js';
import {type ListWindow, moveByKey, motionActions, resolveWindow} from '../list-window.js';
import {editLine} from '../text-edit.js';
import {
	type ChooserState,
	type TailAction,
	type TailViewState,
	valueField,
	valueOf,
} from './tail-state.js';
import {moveSelection, type RecordList} from './record-list.js';

/** What the tail pane's keys act on: its state as the last key left it, its service, its lists. */
export type TailKeyContext = {
	state: TailViewState;
	dispatch: (action: TailAction) => void;
	service: TailService;
	/** The stream selected in pane 1: the one a new tail reads. */
	stream?: string;
	status: TailStatus;
	/** The records the filter keeps, and the rows they have. */
	list: RecordList;
	listHeight: number;
	selected?: TailRecord;
	/** The record opened whole. */
	opened?: TailRecord;
	/** The opened record's lines, and the rows they have. */
	detailLines: number;
	detailHeight: number;
	/** The chooser's menu at its step (none on a field, or while the shards are being listed). */
	menu?: {items: readonly MenuEntry[]; window: ListWindow; rows: number};
	/** A menu's item picked: the next step, or the tail itself. */
	pick: (value: string) => void;
	start: (chooser: ChooserState) => void;
	/** What is done with a record: copied, tailed from, sent again (see the pane). */
	recordActions: RecordActions;
	/** Saves the records in view to the path typed (asks first to replace a file that is there). */
	save: (path: string, overwrite: boolean) => void;
	/** The path offered for saving the records in view. */
	savePath: () => string;
};

export type RecordActions = {
	copy: (record: TailRecord, what: 'data' | 'record' | 'sequence') => void;
	tailFromHere: (record: TailRecord) => void;
	sendAgain: (record: TailRecord) => void;
};

/** The keys that act on one record, in the list (the selected one) and in the record view. */
function recordActionKeys(
	recordOf: (context: TailKeyContext) => TailRecord | undefined,
): Array<KeyAction<TailKeyContext>> {
	const on =
		(act: (actions: RecordActions, record: TailRecord) => void) => (context: TailKeyContext) => {
			const record = recordOf(context);
			if (record) {
				act(context.recordActions, record);
			}
		};
	const when = (context: TailKeyContext) => recordOf(context) !== undefined;
	return [
		{command: 'copyData', hint: 'copy', when, run: on((act, r) => act.copy(r, 'data'))},
		{command: 'copyRecord', when, run: on((act, r) => act.copy(r, 'record'))},
		{command: 'copySequence', when, run: on((act, r) => act.copy(r, 'sequence'))},
		{
			command: 'tailFromHere',
			hint: 'tail from here',
			when,
			run: on((act, r) => act.tailFromHere(r)),
		},
		{command: 'sendAgain', hint: 'send again', when, run: on((act, r) => act.sendAgain(r))},
	];
}

const pauseAction: KeyAction<TailKeyContext> = {
	command: 'tailPause',
	hint: ({status}) => (status === 'paused' ? 'resume' : 'pause'),
	run({status, service}) {
		if (status === 'paused') {
			service.resume();
		} else {
			service.pause();
		}
	},
};

const newTailAction: KeyAction<TailKeyContext> = {
	command: 'tailNew',
	hint: 'new tail',
	run({service, dispatch, stream}) {
		service.stop();
		dispatch({type: 'choose', stream});
	},
};

const listKeys: KeyTable<TailKeyContext> = {
	actions: [
		pauseAction,
		{
			command: 'open',
			hint: 'record',
			when: ({selected}) => selected !== undefined,
			run: ({selected, dispatch}) =>
				dispatch({type: 'openRecord', id: (selected as TailRecord).id}),
		},
		{command: 'filter', hint: 'filter', run: ({dispatch}) => dispatch({type: 'startFilter'})},
		newTailAction,
		{
			command: 'saveRecords',
			hint: 'save',
			when: ({list}) => list.size > 0,
			run: ({dispatch, savePath}) => dispatch({type: 'startSave', path: savePath()}),
		},
		...recordActionKeys(({selected, state}) => (state.follow ? undefined : selected)),
		{
			command: 'back',
			when: ({state}) => state.filter !== '',
			run: ({dispatch}) => dispatch({type: 'clearFilter'}),
		},
		...motionActions<TailKeyContext>(moveInList).map((action) => ({...action, hint: undefined})),
	],
};

/** A motion in the records: the newest follows again, the oldest is one move away. */
function moveInList({state, dispatch, list, listHeight}: TailKeyContext, motion: Motion) {
	const rows: Record<Motion, number> = {
		up: -1,
		down: 1,
		pageUp: -listHeight,
		pageDown: listHeight,
		top: -list.size,
		bottom: list.size,
	};
	dispatch(
		motion === 'bottom'
			? {type: 'select', follow: true}
			: {type: 'select', ...moveSelection(state, list, listHeight, rows[motion])},
	);
}

/** A record opened whole: its lines scroll, esc goes back to the list. */
const recordKeys: KeyTable<TailKeyContext> = {
	actions: [
		{command: 'back', hint: 'back', run: ({dispatch}) => dispatch({type: 'closeRecord'})},
		{
			command: 'tailBinary',
			run({dispatch, opened}) {
				if (!opened || opened.kind.endsWith('bytes')) {
					dispatch({type: 'toggleBinary'});
					return;
				}
				// Nothing to switch: say why rather than do nothing.
				dispatch({
					type: 'showMessage',
					message: {
						text: `The record is ${opened.kind}, not bytes: x switches between hex and base64 for binary data only.`,
						tone: 'info',
						at: Date.now(),
					},
				});
			},
		},
		...recordActionKeys(({opened}) => opened),
		...motionActions<TailKeyContext>(({dispatch, detailLines, detailHeight}, motion) => {
			const rows: Record<Motion, number> = {
				up: -1,
				down: 1,
				pageUp: -detailHeight,
				pageDown: detailHeight,
				top: -detailLines,
				bottom: detailLines,
			};
			dispatch({
				type: 'scrollRecord',
				delta: rows[motion],
				lines: detailLines,
				height: detailHeight,
			});
		}).map((action) => ({...action, hint: undefined})),
	],
};

const tailFilterKeys = within<FilterKeyContext, TailKeyContext>(
	filterKeys,
	({state, dispatch}) => ({
		filter: state,
		dispatch,
	}),
);

const backAction: KeyAction<TailKeyContext> = {
	command: 'back',
	hint: 'back',
	run: ({dispatch}) => dispatch({type: 'chooserBack'}),
};

/** A menu of the chooser: the cursor moves, enter picks, esc steps back. */
const menuKeys: KeyTable<TailKeyContext> = {
	actions: [
		backAction,
		...motionActions<TailKeyContext>(({menu, dispatch}, motion) => {
			if (menu) {
				const values = menu.items.map((item) => item.value);
				dispatch({type: 'moveMenu', menu: moveByKey(menu.window, values, menu.rows, motion)});
			}
		}).map((action) => ({...action, hint: action.command === 'down' ? 'choose' : undefined})),
		{
			command: 'open',
			hint: 'go on',
			when: ({menu}) => menu !== undefined,
			run({menu, pick}) {
				if (!menu) {
					return;
				}
				const values = menu.items.map((item) => item.value);
				const picked = values[resolveWindow(menu.window, values, menu.rows).index];
				if (picked !== undefined) {
					pick(picked);
				}
			},
		},
	],
};

/** A field of the chooser (a time, a sequence number, a consumer's name): every key but tab types. */
const fieldKeys: KeyTable<TailKeyContext> = {
	actions: [
		backAction,
		{
			command: 'open',
			hint: 'go on',
			run({state, dispatch, start}) {
				const {chooser} = state;
				if (chooser.step === 'consumer') {
					if (KINESIS_NAME.test(chooser.consumer.text.trim())) {
						start(chooser);
					} else {
						dispatch({
							type: 'refuse',
							error: 'A consumer name is 1 to 128 letters, digits, _ . and -.',
						});
					}
					return;
				}
				const parsed = positionOf(chooser.positionType, valueOf(chooser), new Date());
				dispatch('error' in parsed ? {type: 'refuse', error: parsed.error} : {type: 'acceptValue'});
			},
		},
	],
	rest(input, key, {state, dispatch}) {
		const {chooser} = state;
		const field = chooser.step === 'value' ? valueField(chooser) : chooser.consumer;
		const edit = editLine(field, input, key);
		if (edit) {
			dispatch(chooser.step === 'value' ? {type: 'editValue', edit} : {type: 'editConsumer', edit});
		}
		// Tab still moves to the next pane; everything else is typing.
		return !key.tab;
	},
};

/** The save line: the path is typed; enter saves (twice over a file that is there), esc gives up. */
const saveKeys: KeyTable<TailKeyContext> = {
	actions: [
		{command: 'back', hint: 'cancel', run: ({dispatch}) => dispatch({type: 'endSave'})},
		{
			command: 'open',
			hint: 'save',
			run({state, save}) {
				if (state.save) {
					save(state.save.path.text.trim(), state.save.exists);
				}
			},
		},
	],
	rest(input, key, {state, dispatch}) {
		const edit = state.save && editLine(state.save.path, input, key);
		if (edit) {
			dispatch({type: 'editSavePath', edit});
		}
		return !key.tab;
	},
};

/** The tail pane's keys as it stands: the chooser's, a record's, the filter line's, or the list's. */
export function tailKeys(context: TailKeyContext): KeyTable<TailKeyContext> {
	const {state} = context;
	if (state.mode === 'choose') {
		return state.chooser.step === 'value' || state.chooser.step === 'consumer'
			? fieldKeys
			: menuKeys;
	}
	if (state.save) {
		return saveKeys;
	}
	if (state.detail) {
		return recordKeys;
	}
	return state.filtering ? tailFilterKeys : listKeys;
}
