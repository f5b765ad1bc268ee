import {type Key, useInput, useStdin} from 'ink';
import {createContext, useCallback, useContext, useEffect, useLayoutEffect, useRef} from 'react';
import {createStore, type Store} from '../lib/store.js';
import {type Hint, hintsOf, type KeyTable, runKey} from './key-table.js';

/**
 * One place where every key arrives, so the order in which keys are handled never depends on the
 * order React happened to subscribe components in. The frame's handler runs for each key: it offers
 * the key to the focused pane first (a pane that is taking text consumes every key), then acts on
 * the global keys itself.
 */
/** Returns true when the key was the handler's: no one else sees it then. */
export type KeyHandler = (input: string, key: Key) => boolean;

export type KeyRouter = {
	register(handler: {current: KeyHandler}): () => void;
	/** The hints of the view that has the keys, for the status bar. */
	hints: Store<readonly Hint[]>;
	/** Offers the key to the registered handlers; true if one consumed it. */
	offer(input: string, key: Key): boolean;
	/** A pane's state changed: what it draws next is not on screen yet. */
	changed(owner: object): void;
	/** The pane's change is drawn (or the pane is gone). */
	drawn(owner: object): void;
	/** Every change reported is drawn. */
	allDrawn(): boolean;
	/** Calls back once the last change reported now is drawn. */
	whenDrawn(callback: () => void): void;
};

export function createKeyRouter(): KeyRouter {
	const handlers = new Set<{current: KeyHandler}>();
	const undrawn = new Set<object>();
	let waiting = new Set<() => void>();
	return {
		hints: createStore<readonly Hint[]>([]),
		register(handler) {
			handlers.add(handler);
			return () => {
				handlers.delete(handler);
			};
		},
		offer(input, key) {
			for (const handler of handlers) {
				if (handler.current(input, key)) {
					return true;
				}
			}
			return false;
		},
		changed(owner) {
			undrawn.add(owner);
		},
		drawn(owner) {
			undrawn.delete(owner);
			if (undrawn.size === 0 && waiting.size > 0) {
				const callbacks = waiting;
				waiting = new Set();
				for (const callback of callbacks) {
					callback();
				}
			}
		},
		allDrawn: () => undrawn.size === 0,
		whenDrawn(callback) {
			waiting.add(callback);
		},
	};
}

export const KeyRouterContext = createContext<KeyRouter>(createKeyRouter());

/**
 * A pane's keys: they reach `handler` only while `isActive` (the pane has the focus), and so do its
 * hints the status bar.
 */
export function usePaneKeys(
	handler: KeyHandler,
	{isActive, hints = []}: {isActive: boolean; hints?: readonly Hint[]},
): void {
	const router = useContext(KeyRouterContext);
	const latest = useRef(handler);
	latest.current = handler;
	// A layout effect runs as the frame commits, before Ink reads the next key: a key typed right
	// after the focus moved reaches the pane that now has it (a passive effect could come too late).
	useLayoutEffect(() => (isActive ? router.register(latest) : undefined), [router, isActive]);
	const shown = hints.map((hint) => `${hint.keys} ${hint.label}`).join('\n');
	useLayoutEffect(() => {
		if (isActive) {
			router.hints.set(hints);
		}
		// The joined text stands for the hints: a new array each frame must not publish again.
	}, [router, isActive, shown]);
}

/**
 * A pane's keys as a table: its actions run on their keys and make its hints. The table is chosen
 * anew for each key, from the state the key before left (a dialog it opened has the next key).
 */
export function usePaneTable<C>(
	tableOf: (context: C) => KeyTable<C>,
	context: () => C,
	{isActive}: {isActive: boolean},
): void {
	const now = context();
	usePaneKeys(
		(input, key) => {
			const latest = context();
			return runKey(tableOf(latest), input, key, latest);
		},
		{isActive, hints: hintsOf(tableOf(now), now)},
	);
}

/** The frame's handler: true when the key changed what the frame shows (the focus, the help). */
export type FrameKeyHandler = (input: string, key: Key) => boolean | void;

/**
 * The frame's keys, one at a time. Ink hands over everything read at once as one string (it takes it
 * for a paste), and keys typed while the explorer was busy drawing arrive that way too: each
 * character is handled as the key it was, so none is lost. A key waits for the frame the keys before
 * it changed: until it is drawn, a pane the frame focused does not listen yet (`3k` would move the
 * stream list instead of the tail), and a pane's rows are still those of before (`/deep` then ↑ would
 * move through the unfiltered list). Printable characters do not wait for a pane's frame: they are
 * typed into fields and filters from the pane's latest state, and a long paste stays quick.
 */
export function useFrameKeys(router: KeyRouter, handler: FrameKeyHandler): void {
	const latest = useRef(handler);
	latest.current = handler;
	const queue = useRef<Array<[string, Key]>>([]);
	const waitingForFrame = useRef(false);

	const handleQueued = useCallback(() => {
		while (!waitingForFrame.current && queue.current.length > 0) {
			const [input, key] = queue.current[0]!;
			if (!isText(input, key) && !router.allDrawn()) {
				router.whenDrawn(handleQueued);
				return;
			}
			queue.current.shift();
			waitingForFrame.current = latest.current(input, key) === true;
		}
	}, [router]);

	// Runs as each frame commits, after the panes' own layout effects have registered their keys.
	useLayoutEffect(() => {
		waitingForFrame.current = false;
		handleQueued();
	});

	// The sequence each key came as, noted before Ink hands the key over (see deleteKeysOf).
	const {internal_eventEmitter: inputEvents} = useStdin();
	const sequence = useRef('');
	useEffect(() => {
		const note = (data: string) => {
			sequence.current = data;
		};
		inputEvents.prependListener('input', note);
		return () => {
			inputEvents.removeListener('input', note);
		};
	}, [inputEvents]);

	useInput((input, inkKey) => {
		const key = deleteKeysOf(sequence.current, inkKey);
		const characters = [...input];
		if (characters.length <= 1 || key.ctrl || key.meta) {
			queue.current.push([input, key]);
		} else {
			queue.current.push(...characters.map((character) => keyOf(character, key)));
		}
		handleQueued();
	});
}

/**
 * Ink calls both the Backspace key (DEL, as most terminals send it) and the Delete key (esc [3~)
 * `delete`: the sequence tells them apart, so that for the explorer `backspace` is the key that
 * deletes back and `delete` the one that deletes forward.
 */
export function deleteKeysOf(sequence: string, key: Key): Key {
	if (!key.backspace && !key.delete) {
		return key;
	}
	const forward = DELETE_KEY.test(sequence);
	return {...key, backspace: !forward, delete: forward};
}

// With a modifier (esc [3;5~), or as rxvt sends it shifted or with ctrl (esc [3$, esc [3^).
const DELETE_KEY = /^\u001b+\[3(?:;\d+)?[~$^]$/;

/** A key that types a character (a letter, a digit, a space), not one that moves or acts. */
function isText(input: string, key: Key): boolean {
	return [...input].length === 1 && input >= ' ' && !key.ctrl && !key.meta;
}

/**
 * A character of a chunk as the key it was typed with: enter, tab and backspace come as controls,
 * and so do ctrl+a … ctrl+z (ctrl+u typed fast after a tab still clears the field it moved to).
 */
function keyOf(character: string, chunk: Key): [string, Key] {
	const plain: Key = {...chunk, shift: character !== character.toLowerCase()};
	switch (character) {
		case '\r':
		case '\n': {
			return ['', {...plain, return: true}];
		}
		case '\t': {
			return ['', {...plain, tab: true}];
		}
		case '\u007f':
		case '\b': {
			return ['', {...plain, backspace: true}];
		}
		default: {
			// As Ink names a ctrl key read on its own: the letter, with ctrl.
			const code = character.codePointAt(0) ?? 0;
			return code >= 1 && code <= 26
				? [String.fromCodePoint(code + 96), {...plain, ctrl: true}]
				: [character, plain];
		}
	}
}
