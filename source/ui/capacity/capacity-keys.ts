import type {ShardCapacity} from '../../model/capacity.js';
import type {CapacityService, CapacitySnapshot} from '../../services/capacity/capacity-service.js';
import type {StreamManagerService} from '../../services/stream-manager.js';
import {dialogKeys} from '../action-dialog/dialog-keys.js';
import {type KeyTable, within} from '../key-table.js';
import {moveByKey, motionActions} from '../list-window.js';
import {type ShardPurpose, submitShardDialog} from '../shard-tree/shard-actions.js';
import {type CapacityViewAction, type CapacityViewState, splitDialog} from './capacity-state.js';

/** What the capacity view's keys act on: its state as the last key left it, and its services. */
export type CapacityKeyContext = {
	state: CapacityViewState;
	dispatch: (action: CapacityViewAction) => void;
	/** The rows that can be at the top, and how many rows the report has on screen. */
	stops: readonly string[];
	height: number;
	stream?: string;
	snapshot: CapacitySnapshot;
	readOnly: boolean;
	/** The shard whose split `s` offers now. */
	offered?: ShardCapacity;
	service: CapacityService;
	manager: StreamManagerService;
	onClose: () => void;
};

const reportKeys: KeyTable<CapacityKeyContext> = {
	actions: [
		...motionActions<CapacityKeyContext>(
			({state, dispatch, stops, height}, motion) =>
				dispatch({type: 'scroll', scroll: moveByKey(state.scroll, stops, height, motion)}),
			'scroll',
		),
		{
			command: 'refresh',
			hint: 'measure again',
			when: ({stream}) => stream !== undefined,
			run: ({service, snapshot}) => service.measure({kind: snapshot.source ?? 'window'}),
		},
		{
			command: 'capacityTail',
			hint: ({snapshot}) => (snapshot.source === 'tail' ? 'last 5 min' : 'tail’s records'),
			when: ({stream}) => stream !== undefined,
			run: ({service, snapshot}) =>
				service.measure({kind: snapshot.source === 'tail' ? 'window' : 'tail'}),
		},
		{
			command: 'capacitySplit',
			hint: 'split',
			// Read-only: nothing is offered, and the report says why.
			when: ({offered, readOnly}) => offered !== undefined && !readOnly,
			run({offered, dispatch}) {
				const dialog = offered && splitDialog(offered);
				if (dialog) {
					dispatch({type: 'showDialog', dialog});
				}
			},
		},
		{command: 'back', hint: 'close', run: ({onClose}) => onClose()},
	],
};

const splitDialogKeys = dialogKeys<ShardPurpose>();

/** The view's keys as it stands: the split dialog's while it is open (it keeps every key), else the report's. */
export function capacityKeys(context: CapacityKeyContext): KeyTable<CapacityKeyContext> {
	const {dialog} = context.state;
	if (!dialog) {
		return reportKeys;
	}
	return within(splitDialogKeys, ({dispatch, manager, stream, readOnly}) => ({
		dialog,
		show: (next) => dispatch({type: 'showDialog', dialog: next}),
		close: () => dispatch({type: 'closeDialog'}),
		submit(filled) {
			const outcome = submitShardDialog(filled, {stream: stream ?? '', readOnly});
			if ('dialog' in outcome) {
				dispatch({type: 'showDialog', dialog: outcome.dialog});
				return;
			}
			dispatch({type: 'closeDialog'});
			// The view opens only the split form: its confirmation asks for a split.
			if (outcome.request.type === 'split') {
				void manager.run(outcome.request);
			}
		},
	}));
}
