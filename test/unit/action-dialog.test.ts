import {describe, expect, it} from 'vitest';
import {
	type ActionDialog,
	checkedIds,
	chosenId,
	dialogKey,
	fieldValues,
} from '../../source/ui/action-dialog/action-dialog-state.js';
import {keys, noKey} from '../support/keys.js';

type Dialog = ActionDialog<string>;

const menu: Dialog = {
	kind: 'menu',
	title: 'Do',
	purpose: 'menu',
	verb: 'choose',
	index: 0,
	choices: [
		{id: 'split', letter: 's', label: 'split'},
		{id: 'merge', letter: 'm', label: 'merge', disabled: 'No neighbour.'},
		{id: 'scale', letter: 'u', label: 'scale'},
	],
};

const form: Dialog = {
	kind: 'form',
	title: 'Create',
	purpose: 'create',
	verb: 'create',
	focus: 0,
	fields: [
		{label: 'Name', value: ''},
		{label: 'Shards', value: '1'},
	],
};

/** Types each key into the dialog, as the pane does, and returns the last step. */
function press(dialog: Dialog, ...inputs: Array<string | typeof noKey>) {
	let current = dialog;
	let step: ReturnType<typeof dialogKey<string>>;
	for (const input of inputs) {
		step =
			typeof input === 'string' ? dialogKey(current, input, noKey) : dialogKey(current, '', input);
		if (step?.type === 'update' || step?.type === 'submit') {
			current = step.dialog;
		}
	}
	return {step: step!, dialog: current};
}

describe('action dialogs', () => {
	it('chooses from a menu by letter, or by moving and enter', () => {
		expect(press(menu, 'u').step).toMatchObject({type: 'submit'});
		expect(chosenId(press(menu, 'u').dialog)).toBe('scale');
		const moved = press(menu, 'j', 'j', keys.enter);
		expect(moved.step.type).toBe('submit');
		expect(chosenId(moved.dialog)).toBe('scale');
		expect(press(menu, 'j', 'j', 'j', 'k', 'k', 'k').dialog).toMatchObject({index: 0});
	});

	it('refuses a disabled choice with its reason, and stays open', () => {
		const {step, dialog} = press(menu, 'm');
		expect(step.type).toBe('update');
		expect(dialog.error).toBe('No neighbour.');
		expect(press(menu, 'm', 'j').dialog.error).toBeUndefined();
	});

	it('edits the focused field, moves between fields, and submits on enter', () => {
		const {dialog, step} = press(
			form,
			'o',
			'r',
			'd',
			'x',
			keys.backspace,
			keys.tab,
			keys.backspace,
			'4',
			keys.enter,
		);
		expect(step.type).toBe('submit');
		expect(fieldValues(dialog)).toEqual(['ord', '4']);
		// j and q are text in a form, not moves or quit.
		expect(fieldValues(press(form, 'j', 'q').dialog)).toEqual(['jq', '1']);
		expect(press(form, keys.shiftTab).dialog).toMatchObject({focus: 1});
		expect(press(form, keys.down, keys.down).dialog).toMatchObject({focus: 0});
	});

	it('edits a field in its middle, each field keeping its own cursor', () => {
		const left = {...noKey, leftArrow: true};
		const home = {...noKey, home: true};
		const forward = {...noKey, delete: true};
		const {dialog} = press(form, ...'ordrs', left, left, 'e', keys.tab, home, '2', forward);
		expect(fieldValues(dialog)).toEqual(['orders', '2']);
		expect(dialog.kind === 'form' && dialog.fields.map((field) => field.cursor)).toEqual([4, 1]);
		// Back in the first field, typing goes on where its cursor was left.
		expect(fieldValues(press(dialog, keys.shiftTab, '-').dialog)).toEqual(['orde-rs', '2']);
		// A field not yet edited takes typing after its value.
		expect(fieldValues(press(form, keys.tab, '0').dialog)).toEqual(['', '10']);
	});

	it('clears the error once the input changes', () => {
		const refused = {...form, error: 'A stream needs a name.'};
		expect(press(refused, 'a').dialog.error).toBeUndefined();
	});

	it('ticks a checklist with space', () => {
		const checklist: Dialog = {
			kind: 'checklist',
			title: 'Metrics',
			purpose: 'monitoring',
			verb: 'apply',
			index: 0,
			choices: [
				{id: 'IncomingBytes', label: 'IncomingBytes', checked: true},
				{id: 'OutgoingBytes', label: 'OutgoingBytes'},
			],
		};
		const {dialog, step} = press(checklist, ' ', 'j', ' ', keys.enter);
		expect(step.type).toBe('submit');
		expect(checkedIds(dialog)).toEqual(['OutgoingBytes']);
	});

	it('confirms with enter or y, and cancels with esc or n', () => {
		const confirm: Dialog = {kind: 'confirm', title: 'Sure?', purpose: 'delete', verb: 'delete'};
		expect(press(confirm, keys.enter).step.type).toBe('submit');
		expect(press(confirm, 'y').step.type).toBe('submit');
		expect(press(confirm, 'n').step.type).toBe('cancel');
		expect(press(confirm, keys.escape).step.type).toBe('cancel');
		expect(dialogKey(confirm, 'q', noKey)).toBeUndefined();
		expect(press(form, 'a', keys.escape).step.type).toBe('cancel');
	});
});
