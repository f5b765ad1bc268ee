import type {Key} from 'ink';
import {matches} from '../keymap.js';
import {editLine} from '../text-edit.js';

/**
 * The dialogs a pane opens to act on what is selected: a menu of actions, a form, a checklist, a
 * confirmation. Pure: `dialogKey` says what a key does to a dialog, and the pane that opened it
 * decides what a submitted dialog means (its `purpose`) and makes the call.
 */
export type Choice = {
	id: string;
	/** Chooses it at once in a menu. */
	letter?: string;
	label: string;
	/** Why it cannot be chosen now; shown when it is tried. */
	disabled?: string;
	checked?: boolean;
};

export type Field = {
	label: string;
	value: string;
	/** Where the cursor is: after the value until a key moves it. */
	cursor?: number;
	placeholder?: string;
};

export type ActionDialog<P> = {
	title: string;
	purpose: P;
	/** What will happen, what is there now: shown above the choices or fields. */
	lines?: readonly string[];
	tone?: 'normal' | 'danger';
	/** What enter does, in a word: split, delete, apply … */
	verb: string;
	/** Why the last submission was refused. */
	error?: string;
} & (
	| {kind: 'menu'; choices: readonly Choice[]; index: number}
	| {kind: 'checklist'; choices: readonly Choice[]; index: number}
	| {kind: 'form'; fields: readonly Field[]; focus: number}
	| {kind: 'confirm'}
);

export type DialogStep<P> =
	| {type: 'update'; dialog: ActionDialog<P>}
	| {type: 'submit'; dialog: ActionDialog<P>}
	| {type: 'cancel'};

/** What a key does to an open dialog; undefined when it does nothing (the pane still keeps it). */
export function dialogKey<P>(
	dialog: ActionDialog<P>,
	input: string,
	key: Key,
): DialogStep<P> | undefined {
	if (matches('back', input, key)) {
		return {type: 'cancel'};
	}
	switch (dialog.kind) {
		case 'confirm': {
			if (key.return || input === 'y') {
				return {type: 'submit', dialog};
			}
			return input === 'n' ? {type: 'cancel'} : undefined;
		}
		case 'menu': {
			const lettered = dialog.choices.findIndex(
				(choice) => choice.letter !== undefined && choice.letter === input,
			);
			if (lettered >= 0) {
				return choose(dialog, lettered);
			}
			if (key.return) {
				return choose(dialog, dialog.index);
			}
			return moveIn(dialog, input, key);
		}
		case 'checklist': {
			if (input === ' ') {
				return {
					type: 'update',
					dialog: {
						...dialog,
						error: undefined,
						choices: dialog.choices.map((choice, index) =>
							index === dialog.index ? {...choice, checked: !choice.checked} : choice,
						),
					},
				};
			}
			if (key.return) {
				return {type: 'submit', dialog};
			}
			return moveIn(dialog, input, key);
		}
		case 'form': {
			if (key.return) {
				return {type: 'submit', dialog};
			}
			const step = key.tab ? (key.shift ? -1 : 1) : key.downArrow ? 1 : key.upArrow ? -1 : 0;
			if (step !== 0) {
				const focus = (dialog.focus + step + dialog.fields.length) % dialog.fields.length;
				return {type: 'update', dialog: {...dialog, focus}};
			}
			const field = dialog.fields[dialog.focus];
			const edit =
				field &&
				editLine({text: field.value, cursor: field.cursor ?? field.value.length}, input, key);
			if (!edit) {
				return undefined;
			}
			return {
				type: 'update',
				dialog: {
					...dialog,
					error: undefined,
					fields: dialog.fields.map((each, index) =>
						index === dialog.focus ? {...each, value: edit.text, cursor: edit.cursor} : each,
					),
				},
			};
		}
	}
}

type ListDialog<P> = ActionDialog<P> & {kind: 'menu' | 'checklist'};

function choose<P>(dialog: ListDialog<P>, index: number): DialogStep<P> {
	const choice = dialog.choices[index];
	if (!choice) {
		return {type: 'update', dialog};
	}
	if (choice.disabled) {
		return {type: 'update', dialog: {...dialog, index, error: choice.disabled}};
	}
	return {type: 'submit', dialog: {...dialog, index, error: undefined}};
}

function moveIn<P>(dialog: ListDialog<P>, input: string, key: Key): DialogStep<P> | undefined {
	const delta = matches('up', input, key) ? -1 : matches('down', input, key) ? 1 : 0;
	if (delta === 0) {
		return undefined;
	}
	const index = Math.min(Math.max(dialog.index + delta, 0), dialog.choices.length - 1);
	return {type: 'update', dialog: {...dialog, index, error: undefined}};
}

/** The values of a form's fields, in order. */
export function fieldValues<P>(dialog: ActionDialog<P>): string[] {
	return dialog.kind === 'form' ? dialog.fields.map((field) => field.value) : [];
}

/** The ids of a checklist's ticked choices. */
export function checkedIds<P>(dialog: ActionDialog<P>): string[] {
	return dialog.kind === 'checklist'
		? dialog.choices.filter((choice) => choice.checked).map((choice) => choice.id)
		: [];
}

/** The id of a menu's chosen choice. */
export function chosenId<P>(dialog: ActionDialog<P>): string | undefined {
	return dialog.kind === 'menu' ? dialog.choices[dialog.index]?.id : undefined;
}

/** What a pane says of its actions under --read-only, where every write is refused. */
export const READ_ONLY_NOTE = 'Read-only (--read-only): these actions write, so all are off.';

export const READ_ONLY_REASON = 'Refused: the explorer is read-only (--read-only).';

/** A submitted dialog leads to another dialog (the next step, or the same one with its error) or a call. */
export type Outcome<P, R> = {dialog: ActionDialog<P>} | {request: R};

/** The same dialog, with the reason its input is refused. */
export function refuse<P, R>(dialog: ActionDialog<P>, error: string): Outcome<P, R> {
	return {dialog: {...dialog, error}};
}
