import {formatCount} from '../../format/progress-text.js';
import {sanitizeLine} from '../../format/sanitize.js';
import type {FileCheck} from '../../services/put/file-sender.js';

/**
 * A checked file's bad lines as the file panel lists them, one row each, as `put --file` lists them
 * on stderr; the check keeps the first hundred, the rest are counted.
 */
export function badLineTexts(check: FileCheck): string[] {
	const listed = check.invalid.map(
		(problem) => `  line ${problem.line}: ${sanitizeLine(problem.error)}`,
	);
	const more = check.invalidCount - check.invalid.length;
	return more > 0 ? [...listed, `  … and ${formatCount(more)} more`] : listed;
}

/** The title, the two fields, and the lines around the list (records, its heading, the keys). */
const AROUND_ROWS = 6;

/** The rows the list of bad lines has in a file panel this tall. */
export function badLineRows(height: number): number {
	return Math.max(1, height - AROUND_ROWS);
}
