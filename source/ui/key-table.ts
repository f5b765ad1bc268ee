import type {Key} from 'ink';
import {type Command, keysLabel, matches} from './keymap.js';

/**
 * A view's keys as a table, as k9s binds a view's key actions: each entry a command of the keymap,
 * when it applies, what it does, and what the status bar says of it. The same table handles the keys
 * and makes the hints, so the two cannot drift apart.
 */
export type KeyAction<C> = {
	command: Command;
	/** What the key does here, for the status bar: none for keys not worth a hint. */
	hint?: string | ((context: C) => string);
	/** Whether it applies now; a key that does not apply goes on to the frame. */
	when?: (context: C) => boolean;
	run: (context: C) => void;
};

export type KeyTable<C> = {
	actions: ReadonlyArray<KeyAction<C>>;
	/** The keys no action took: typed text for a table that holds a field, or every key for a dialog. */
	rest?: (input: string, key: Key, context: C) => boolean;
};

/** A view that takes no key now (read-only, or too small for what it holds). */
export const noKeys = <C>(): KeyTable<C> => ({actions: []});

export type Hint = {keys: string; label: string};

/** Runs the table's action for the key; true when the table took the key. */
export function runKey<C>(table: KeyTable<C>, input: string, key: Key, context: C): boolean {
	const action = table.actions.find(
		(each) => matches(each.command, input, key) && (each.when?.(context) ?? true),
	);
	if (action) {
		action.run(context);
		return true;
	}
	return table.rest?.(input, key, context) ?? false;
}

/** The hints of the actions that apply now, in the table's order. */
export function hintsOf<C>(table: KeyTable<C>, context: C): Hint[] {
	return table.actions.flatMap((action) => {
		if (action.hint === undefined || !(action.when?.(context) ?? true)) {
			return [];
		}
		const label = typeof action.hint === 'function' ? action.hint(context) : action.hint;
		return [{keys: keysLabel(action.command), label}];
	});
}

/** A table written for one context, used where another holds it: `project` finds it there. */
export function within<A, B>(table: KeyTable<A>, project: (context: B) => A): KeyTable<B> {
	const {rest} = table;
	return {
		actions: table.actions.map(({command, hint, when, run}) => ({
			command,
			hint: typeof hint === 'function' ? (context: B) => hint(project(context)) : hint,
			when: when && ((context: B) => when(project(context))),
			run: (context: B) => run(project(context)),
		})),
		rest: rest && ((input, key, context) => rest(input, key, project(context))),
	};
}
