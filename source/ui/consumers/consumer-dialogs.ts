import {sanitizeLine} from '../../format/sanitize.js';
import {
	type ActionDialog,
	fieldValues,
	type Outcome,
	READ_ONLY_REASON,
	refuse,
} from '../action-dialog/action-dialog-state.js';

/**
 * Deregistering a fan-out consumer from the consumers view: a dialog that asks for the consumer's
 * name, typed, as deleting a stream does. Whatever reads through the consumer stops, so a slip of
 * the key must not do it.
 */
export type ConsumerPurpose = {action: 'deregister'; stream: string; name: string; own: boolean};

export type DeregisterRequest = {stream: string; name: string};

export type ConsumerDialog = ActionDialog<ConsumerPurpose>;

export function deregisterDialog(stream: string, name: string, own: boolean): ConsumerDialog {
	const shown = sanitizeLine(name);
	return {
		kind: 'form',
		title: `Deregister ${shown}?`,
		purpose: {action: 'deregister', stream, name, own},
		tone: 'danger',
		verb: 'deregister',
		lines: [
			own
				? `The explorer registered ${shown} for a fan-out tail that has ended; on AWS it is billed by the shard hour while it stays registered.`
				: `Whatever reads ${sanitizeLine(stream)} through ${shown} (SubscribeToShard) stops receiving records.`,
			"Type the consumer's name to confirm.",
		],
		fields: [{label: 'Name', value: ''}],
		focus: 0,
	};
}

/** The dialog filled in: the deregistration to make, or the dialog again with why not. */
export function submitConsumerDialog(
	dialog: ConsumerDialog,
): Outcome<ConsumerPurpose, DeregisterRequest> {
	const {stream, name} = dialog.purpose;
	const [typed = ''] = fieldValues(dialog);
	if (typed.trim() !== name) {
		return refuse(
			dialog,
			`That is not the name: type ${sanitizeLine(name)} exactly, or esc to keep it.`,
		);
	}
	return {request: {stream, name}};
}

/** Why d does nothing under --read-only, naming what it would have done. */
export function readOnlyRefusal(name: string): string {
	return `${READ_ONLY_REASON} Deregistering ${sanitizeLine(name)} is a write.`;
}
