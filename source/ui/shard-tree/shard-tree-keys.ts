import type {ShardTreeService} from '../../services/shard-tree.js';
import {dialogKeys} from '../action-dialog/dialog-keys.js';
import {type KeyTable, within} from '../key-table.js';
import {moveByKey, motionActions} from '../list-window.js';
import {
	type ShardContext,
	shardMenu,
	type ShardPurpose,
	submitShardDialog,
} from './shard-actions.js';
import type {ShardTreeAction, ShardTreeViewState} from './shard-tree-state.js';

/** What the shard tree's keys act on: its state as the last key left it, and its service. */
export type ShardTreeKeyContext = {
	state: ShardTreeViewState;
	dispatch: (action: ShardTreeAction) => void;
	/** The rows' keys, in order, and the rows they have. */
	keys: readonly string[];
	listHeight: number;
	stream?: string;
	selectedShard?: string;
	service: ShardTreeService;
	/** The selected shard, as the actions' menus and forms see it now. */
	shardContext: () => ShardContext;
	/** Puts text on the clipboard; `what` names it for the status bar. */
	copy: (text: string, what: string) => void;
};

const treeKeys: KeyTable<ShardTreeKeyContext> = {
	actions: [
		...motionActions<ShardTreeKeyContext>(({state, dispatch, keys, listHeight}, motion) =>
			dispatch({type: 'moveWindow', window: moveByKey(state.window, keys, listHeight, motion)}),
		),
		{
			command: 'open',
			hint: 'ranges',
			when: ({selectedShard}) => selectedShard !== undefined,
			run: ({dispatch}) => dispatch({type: 'showDetails', show: true}),
		},
		{
			command: 'copyId',
			when: ({selectedShard}) => selectedShard !== undefined,
			run: ({selectedShard, copy}) => copy(selectedShard as string, "the shard's id"),
		},
		{
			command: 'actions',
			hint: 'split/merge/scale',
			when: ({stream}) => stream !== undefined,
			run: ({dispatch, shardContext}) =>
				dispatch({type: 'showDialog', dialog: shardMenu(shardContext())}),
		},
		{
			command: 'openOnly',
			hint: 'open only',
			run: ({dispatch}) => dispatch({type: 'toggleOpenOnly'}),
		},
		{command: 'refresh', run: ({service}) => service.refresh()},
	],
};

/** A shard's ranges in full: enter or esc goes back to the tree; the tree's keys move on. */
const detailsKeys: KeyTable<ShardTreeKeyContext> = {
	actions: [
		...(['back', 'open'] as const).map((command) => ({
			command,
			hint: command === 'back' ? 'back to the tree' : undefined,
			run: ({dispatch}: ShardTreeKeyContext) => dispatch({type: 'showDetails', show: false}),
		})),
		...treeKeys.actions,
	],
};

const shardDialogKeys = dialogKeys<ShardPurpose>();

/**
 * The shard tree's keys as it stands: its dialog's (one opened from a shard's details too: it is
 * drawn over them, and keeps every key), a shard's details, or the tree's.
 */
export function shardTreeKeys(context: ShardTreeKeyContext): KeyTable<ShardTreeKeyContext> {
	const {dialog, details} = context.state;
	if (dialog) {
		return within(shardDialogKeys, ({dispatch, service, shardContext}) => ({
			dialog,
			show: (next) => dispatch({type: 'showDialog', dialog: next}),
			close: () => dispatch({type: 'closeDialog'}),
			submit(filled) {
				const outcome = submitShardDialog(filled, shardContext());
				if ('request' in outcome) {
					dispatch({type: 'closeDialog'});
					void service.run(outcome.request);
				} else {
					dispatch({type: 'showDialog', dialog: outcome.dialog});
				}
			},
		}));
	}
	return details ? detailsKeys : treeKeys;
}
