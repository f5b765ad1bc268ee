import {positionNeeds, type PositionType} from '../../model/positions.js';
import {type FilterAction, type FilterState, filterReducer, noFilter} from '../filter-state.js';
import {emptyWindow, type ListWindow} from '../list-window.js';
import {ALL_SHARDS} from './tail-menus.js';
import {atEnd, type TextWithCursor} from '../text-edit.js';
import type {TimedMessage} from '../timed-message.js';

/**
 * What the tail pane remembers between frames: the chooser's answers (and each stream's last ones),
 * where the list is scrolled (following the newest record, or held on one), the filter, and the
 * record opened whole.
 */

export type ChooserStep = 'shard' | 'position' | 'value' | 'reader' | 'consumer';

export type ChooserState = {
	step: ChooserStep;
	/** Undefined: every shard. */
	shardId?: string;
	positionType: PositionType;
	/**
	 * The sequence number or time typed for each type that needs one: each its own, so a time typed
	 * for AT_TIMESTAMP never shows up as a sequence number.
	 */
	values: Partial<Record<PositionType, TextWithCursor>>;
	fanOut: boolean;
	consumer: TextWithCursor;
	/** Where the cursor of the step's menu is (each step's menu starts at its top). */
	menu: ListWindow;
	/** Why what was typed is refused. */
	error?: string;
};

export type RecordView = {id: number; scroll: number; binary: 'hex' | 'base64'};

/** The records being saved: the path typed, and whether the file there is to be replaced. */
export type SaveState = {path: TextWithCursor; exists: boolean};

/** The answers of a chooser that started a tail: what the next one for that stream starts from. */
export type TailChoice = Pick<
	ChooserState,
	'shardId' | 'positionType' | 'values' | 'fanOut' | 'consumer'
>;

export type TailViewState = {
	mode: 'choose' | 'tail';
	chooser: ChooserState;
	/** The selection stays on the newest record as records arrive. */
	follow: boolean;
	selectedId?: number;
	/** The record at the top of the list, so that the rows hold still while records arrive. */
	topId?: number;
	detail?: RecordView;
	/** What the last key did, said under the records until the next key. */
	message?: TimedMessage;
	save?: SaveState;
	/** Each stream's last answers, by stream name. */
	choices: Readonly<Record<string, TailChoice>>;
	/** The position of the last tail started, for a tail in one key (LATEST before the first). */
	lastPosition: PositionType;
} & FilterState;

export type TailAction =
	| {type: 'moveMenu'; menu: ListWindow}
	| {type: 'chooseShard'; shardId?: string}
	| {type: 'choosePosition'; positionType: PositionType; needsValue: boolean}
	| {type: 'editValue'; edit: TextWithCursor}
	| {type: 'acceptValue'}
	| {type: 'refuse'; error: string}
	| {type: 'chooseReader'; fanOut: boolean}
	| {type: 'editConsumer'; edit: TextWithCursor}
	| {type: 'chooserBack'}
	/** A tail started on `stream`: from the chooser's answers, or from `choice` (a quick tail). */
	| {type: 'started'; stream: string; choice?: TailChoice}
	| {type: 'choose'; stream?: string}
	| {type: 'select'; id?: number; topId?: number; follow: boolean}
	| FilterAction
	| {type: 'openRecord'; id: number}
	| {type: 'scrollRecord'; delta: number; lines: number; height: number}
	| {type: 'toggleBinary'}
	| {type: 'closeRecord'}
	| {type: 'showMessage'; message: TimedMessage}
	| {type: 'startSave'; path: string}
	| {type: 'editSavePath'; edit: TextWithCursor}
	/** The file is there: the next enter replaces it. */
	| {type: 'saveExists'}
	| {type: 'endSave'};

export const DEFAULT_CONSUMER = 'kinesis-explorer';

export const initialChooser: ChooserState = {
	step: 'shard',
	positionType: 'LATEST',
	values: {},
	fanOut: false,
	consumer: atEnd(DEFAULT_CONSUMER),
	menu: emptyWindow,
};

export const initialTailState: TailViewState = {
	mode: 'choose',
	chooser: initialChooser,
	follow: true,
	choices: {},
	lastPosition: 'LATEST',
	...noFilter,
};

/**
 * The tail that one key starts on `stream`: every shard, from the position of the last tail started
 * (LATEST the first time), its value as typed then. A sequence number belongs to one shard: after
 * one, every shard is read from LATEST.
 */
export function quickChoice(state: TailViewState, stream: string): TailChoice {
	const remembered = state.choices[stream];
	const positionType =
		positionNeeds(state.lastPosition) === 'sequence number' ? 'LATEST' : state.lastPosition;
	return {
		shardId: undefined,
		positionType,
		values: {...state.chooser.values, ...remembered?.values},
		fanOut: false,
		consumer: remembered?.consumer ?? state.chooser.consumer,
	};
}

function choiceOf({shardId, positionType, values, fanOut, consumer}: TailChoice): TailChoice {
	return {shardId, positionType, values, fanOut, consumer};
}

/** The menu of a step with its cursor on the answer given there before (esc keeps the cursor). */
function windowOn(chooser: ChooserState, step: ChooserStep): ListWindow {
	switch (step) {
		case 'shard': {
			return {...emptyWindow, selectedKey: chooser.shardId ?? ALL_SHARDS};
		}
		case 'position': {
			return {...emptyWindow, selectedKey: chooser.positionType};
		}
		case 'reader': {
			return {...emptyWindow, selectedKey: chooser.fanOut ? 'efo' : 'poll'};
		}
		case 'value':
		case 'consumer': {
			return emptyWindow;
		}
	}
}

/** What is typed for the chooser's position type, and where the cursor is in it. */
export function valueField(chooser: ChooserState): TextWithCursor {
	return chooser.values[chooser.positionType] ?? atEnd('');
}

/** The sequence number or time typed for the chooser's position type. */
export const valueOf = (chooser: ChooserState): string => valueField(chooser).text;

/** The step before each, for esc; the value and consumer steps are there only when needed. */
function previousStep(chooser: ChooserState, needsValue: boolean): ChooserStep | undefined {
	switch (chooser.step) {
		case 'shard': {
			return undefined;
		}
		case 'position': {
			return 'shard';
		}
		case 'value': {
			return 'position';
		}
		case 'reader': {
			return needsValue ? 'value' : 'position';
		}
		case 'consumer': {
			return 'reader';
		}
	}
}

export function tailReducer(state: TailViewState, action: TailAction): TailViewState {
	// A message stays until the next key.
	return state.message && action.type !== 'showMessage'
		? changeTail({...state, message: undefined}, action)
		: changeTail(state, action);
}

function changeTail(state: TailViewState, action: TailAction): TailViewState {
	const chooser = (change: Partial<ChooserState>): TailViewState => ({
		...state,
		chooser: {
			...state.chooser,
			error: undefined,
			...(change.step !== undefined && change.step !== state.chooser.step
				? {menu: emptyWindow}
				: {}),
			...change,
		},
	});
	switch (action.type) {
		case 'moveMenu': {
			return chooser({menu: action.menu});
		}
		case 'chooseShard': {
			return chooser({shardId: action.shardId, step: 'position'});
		}
		case 'choosePosition': {
			return chooser({
				positionType: action.positionType,
				step: action.needsValue ? 'value' : 'reader',
			});
		}
		case 'editValue': {
			return chooser({
				values: {...state.chooser.values, [state.chooser.positionType]: action.edit},
			});
		}
		case 'acceptValue': {
			return chooser({step: 'reader'});
		}
		case 'refuse': {
			return {...state, chooser: {...state.chooser, error: action.error}};
		}
		case 'chooseReader': {
			return chooser({fanOut: action.fanOut, step: action.fanOut ? 'consumer' : 'reader'});
		}
		case 'editConsumer': {
			return chooser({consumer: action.edit});
		}
		case 'chooserBack': {
			const needsValue =
				state.chooser.positionType === 'AT_SEQUENCE_NUMBER' ||
				state.chooser.positionType === 'AFTER_SEQUENCE_NUMBER' ||
				state.chooser.positionType === 'AT_TIMESTAMP';
			const step = previousStep(state.chooser, needsValue);
			return step === undefined
				? {...state, mode: 'tail'}
				: chooser({step, menu: windowOn(state.chooser, step)});
		}
		case 'started': {
			const choice = choiceOf(action.choice ?? state.chooser);
			return {
				...state,
				chooser: {...state.chooser, ...choice, step: 'shard', error: undefined},
				choices: {...state.choices, [action.stream]: choice},
				lastPosition: choice.positionType,
				mode: 'tail',
				follow: true,
				selectedId: undefined,
				topId: undefined,
				detail: undefined,
			};
		}
		case 'choose': {
			// A stream's chooser opens on its last answers, the cursor on its shard (all shards the
			// first time); another stream's answers are not carried over but for what was typed.
			const remembered = action.stream === undefined ? undefined : state.choices[action.stream];
			const next: ChooserState = {
				...initialChooser,
				values: state.chooser.values,
				consumer: state.chooser.consumer,
				...remembered,
				step: 'shard',
				error: undefined,
			};
			return {...state, mode: 'choose', chooser: {...next, menu: windowOn(next, 'shard')}};
		}
		case 'select': {
			return {...state, selectedId: action.id, topId: action.topId, follow: action.follow};
		}
		case 'startFilter':
		case 'editFilter':
		case 'acceptFilter':
		case 'clearFilter': {
			return {...state, ...filterReducer(state, action)};
		}
		case 'openRecord': {
			return {...state, detail: {id: action.id, scroll: 0, binary: 'hex'}};
		}
		case 'scrollRecord': {
			if (!state.detail) {
				return state;
			}
			const last = Math.max(0, action.lines - action.height);
			const scroll = Math.min(Math.max(0, state.detail.scroll + action.delta), last);
			return {...state, detail: {...state.detail, scroll}};
		}
		case 'toggleBinary': {
			return state.detail
				? {
						...state,
						detail: {
							...state.detail,
							scroll: 0,
							binary: state.detail.binary === 'hex' ? 'base64' : 'hex',
						},
					}
				: state;
		}
		case 'closeRecord': {
			return {...state, detail: undefined};
		}
		case 'showMessage': {
			return {...state, message: action.message};
		}
		case 'startSave': {
			return {...state, save: {path: atEnd(action.path), exists: false}};
		}
		case 'editSavePath': {
			return state.save ? {...state, save: {path: action.edit, exists: false}} : state;
		}
		case 'saveExists': {
			return state.save ? {...state, save: {...state.save, exists: true}} : state;
		}
		case 'endSave': {
			return {...state, save: undefined};
		}
	}
}
