import type {Key} from 'ink';

/** Ink's Key with nothing pressed, to build the keys a handler sees. */
export const noKey: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

export const keys = {
	enter: {...noKey, return: true},
	escape: {...noKey, escape: true},
	tab: {...noKey, tab: true},
	shiftTab: {...noKey, tab: true, shift: true},
	down: {...noKey, downArrow: true},
	up: {...noKey, upArrow: true},
	backspace: {...noKey, backspace: true},
} satisfies Record<string, Key>;
