import type {ConsumersService} from '../../services/consumers/consumers-service.js';
import {dialogKeys} from '../action-dialog/dialog-keys.js';
import {type KeyTable, within} from '../key-table.js';
import {moveByKey, motionActions} from '../list-window.js';
import {sanitizeLine} from '../../format/sanitize.js';
import {
	type ConsumerPurpose,
	deregisterDialog,
	readOnlyRefusal,
	submitConsumerDialog,
} from './consumer-dialogs.js';
import type {ConsumersViewAction, ConsumersViewState} from './consumers-state.js';

/** What the consumers view's keys act on: its state as the last key left it, and its service. */
export type ConsumersKeyContext = {
	state: ConsumersViewState;
	dispatch: (action: ConsumersViewAction) => void;
	/** The rows' keys, in order, and how many are on screen. */
	keys: readonly string[];
	listHeight: number;
	stream?: string;
	/** The fan-out consumer d deregisters: the selected one, else the explorer's own unused one. */
	target?: {name: string; own: boolean; unused: boolean};
	readOnly: boolean;
	service: ConsumersService;
	onClose: () => void;
};

const viewKeys: KeyTable<ConsumersKeyContext> = {
	actions: [
		...motionActions<ConsumersKeyContext>(({state, dispatch, keys, listHeight}, motion) =>
			dispatch({type: 'moveWindow', window: moveByKey(state.window, keys, listHeight, motion)}),
		),
		{
			command: 'deregister',
			hint: ({target, readOnly}) =>
				readOnly
					? 'deregister: off (--read-only)'
					: target?.unused
						? `deregister ${sanitizeLine(target.name)} (the explorer’s own, its tail ended)`
						: `deregister ${sanitizeLine(target?.name ?? '')}`,
			when: ({stream, target}) => stream !== undefined && target !== undefined,
			run({stream, target, readOnly, dispatch}) {
				if (stream === undefined || target === undefined) {
					return;
				}
				dispatch(
					readOnly
						? {type: 'refuse', reason: readOnlyRefusal(target.name)}
						: {type: 'showDialog', dialog: deregisterDialog(stream, target.name, target.own)},
				);
			},
		},
		{command: 'refresh', hint: 'refresh', run: ({service}) => service.refresh()},
		{command: 'back', hint: 'close', run: ({onClose}) => onClose()},
	],
};

const consumerDialogKeys = dialogKeys<ConsumerPurpose>();

/** The view's keys as it stands: its dialog's (which keeps every key), or the rows'. */
export function consumersKeys(context: ConsumersKeyContext): KeyTable<ConsumersKeyContext> {
	const {dialog} = context.state;
	if (!dialog) {
		return viewKeys;
	}
	return within(consumerDialogKeys, ({dispatch, service}) => ({
		dialog,
		show: (next) => dispatch({type: 'showDialog', dialog: next}),
		close: () => dispatch({type: 'closeDialog'}),
		submit(filled) {
			const outcome = submitConsumerDialog(filled);
			if ('request' in outcome) {
				dispatch({type: 'closeDialog'});
				void service.deregister(outcome.request.stream, outcome.request.name);
			} else {
				dispatch({type: 'showDialog', dialog: outcome.dialog});
			}
		},
	}));
}
