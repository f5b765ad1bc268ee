import type {StreamListService} from '../../services/stream-list.js';
import type {StreamManagerService} from '../../services/stream-manager.js';
import {dialogKeys} from '../action-dialog/dialog-keys.js';
import {type FilterKeyContext, filterKeys} from '../filter-state.js';
import {type KeyTable, within} from '../key-table.js';
import {moveByKey, motionActions} from '../list-window.js';
import {currentDialog, type StreamContext, streamMenu, type StreamPurpose} from './stream-forms.js';
import {submitStreamDialog} from './stream-actions.js';
import type {StreamListAction, StreamListViewState} from './stream-list-state.js';

/** What the stream list's keys act on: its state as the last key left it, and its services. */
export type StreamListKeyContext = {
	state: StreamListViewState;
	dispatch: (action: StreamListAction) => void;
	/** The names of the streams the filter keeps, in order, and the rows they have. */
	keys: readonly string[];
	listHeight: number;
	selected?: string;
	service: StreamListService;
	manager: StreamManagerService;
	/** The selected stream, as the actions' menus and forms see it now. */
	streamContext: () => StreamContext;
	onOpen: (name: string) => void;
	/** Puts text on the clipboard; `what` names it for the status bar. */
	copy: (text: string, what: string) => void;
};

const listKeys: KeyTable<StreamListKeyContext> = {
	actions: [
		...motionActions<StreamListKeyContext>(({state, dispatch, keys, listHeight}, motion) =>
			dispatch({type: 'moveWindow', window: moveByKey(state.window, keys, listHeight, motion)}),
		),
		{command: 'filter', hint: 'filter', run: ({dispatch}) => dispatch({type: 'startFilter'})},
		{
			command: 'back',
			when: ({state}) => state.filter !== '',
			run: ({dispatch}) => dispatch({type: 'clearFilter'}),
		},
		{
			command: 'open',
			hint: 'shards',
			when: ({selected}) => selected !== undefined,
			run: ({selected, onOpen}) => onOpen(selected as string),
		},
		{
			command: 'copyId',
			hint: 'copy ARN',
			when: ({streamContext}) => streamContext().summary?.arn !== undefined,
			run({streamContext, copy}) {
				const {arn} = streamContext().summary ?? {};
				if (arn !== undefined) {
					copy(arn, "the stream's ARN");
				}
			},
		},
		{
			command: 'actions',
			hint: 'manage',
			run: ({dispatch, streamContext}) =>
				dispatch({type: 'showDialog', dialog: streamMenu(streamContext())}),
		},
		{
			command: 'refresh',
			hint: 'refresh',
			run({service, manager}) {
				service.refresh();
				manager.refresh();
			},
		},
	],
};

const streamDialogKeys = dialogKeys<StreamPurpose>();

const streamFilterKeys = within<FilterKeyContext, StreamListKeyContext>(
	filterKeys,
	({state, dispatch}) => ({filter: state, dispatch}),
);

/** The stream list's keys as it stands: its dialog's, its filter line's, or the list's. */
export function streamListKeys(context: StreamListKeyContext): KeyTable<StreamListKeyContext> {
	const {dialog: opened, filtering} = context.state;
	if (opened) {
		const dialog = currentDialog(opened, context.streamContext());
		return within(streamDialogKeys, ({dispatch, manager, streamContext}) => ({
			dialog,
			show: (next) => dispatch({type: 'showDialog', dialog: next}),
			close: () => dispatch({type: 'closeDialog'}),
			submit(filled) {
				const outcome = submitStreamDialog(filled, streamContext());
				if ('request' in outcome) {
					dispatch({type: 'closeDialog'});
					void manager.run(outcome.request);
				} else {
					dispatch({type: 'showDialog', dialog: outcome.dialog});
				}
			},
		}));
	}
	return filtering ? streamFilterKeys : listKeys;
}
