import {sanitizeLine} from './sanitize.js';

/** Echoed input is cut here: a message stays one readable line whatever was typed. */
const ECHO_CHARS = 64;

/**
 * Something the user typed (or the environment held), echoed in a message: made safe for the
 * terminal and cut short, so that a message about bad input can be neither an attack nor a flood.
 */
export function safeInput(value: string): string {
	const safe = sanitizeLine(value);
	return safe.length > ECHO_CHARS ? `${safe.slice(0, ECHO_CHARS)}…` : safe;
}

/** The same, in quotes. */
export function quoteInput(value: string): string {
	return `"${safeInput(value)}"`;
}
