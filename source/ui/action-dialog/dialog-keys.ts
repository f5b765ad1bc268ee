import type {KeyTable} from '../key-table.js';
import {type ActionDialog, dialogKey} from './action-dialog-state.js';

export type DialogKeyContext<P> = {
	dialog: ActionDialog<P>;
	show: (dialog: ActionDialog<P>) => void;
	close: () => void;
	/** A filled-in dialog: the pane makes its call, or shows the dialog again with why not. */
	submit: (dialog: ActionDialog<P>) => void;
};

/** The keys of an open dialog: it keeps every key, so typing in it never quits or moves the focus. */
export function dialogKeys<P>(): KeyTable<DialogKeyContext<P>> {
	return {
		actions: [],
		rest(input, key, {dialog, show, close, submit}) {
			const step = dialogKey(dialog, input, key);
			if (step?.type === 'cancel') {
				close();
			} else if (step?.type === 'update') {
				show(step.dialog);
			} else if (step?.type === 'submit') {
				submit(step.dialog);
			}
			return true;
		},
	};
}
