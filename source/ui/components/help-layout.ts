import stringWidth from 'string-width';
import type {HelpEntry} from '../keymap.js';

export type HelpSection = {section: string; entries: readonly HelpEntry[]};

/** A line of the help: a section's title, a key and what it does, or the space between sections. */
export type HelpLine =
	| {kind: 'section'; text: string}
	| {kind: 'entry'; keys: string; description: string}
	| {kind: 'gap'};

export type HelpColumn = {lines: HelpLine[]; keyWidth: number};

export type HelpLayout = {
	/** The columns side by side, each a run of whole sections; one column when it has to scroll. */
	columns: HelpColumn[];
	/** True when the lines do not all fit and the one column scrolls. */
	scrolls: boolean;
};

export const COLUMN_GAP = 3;

/**
 * The help laid out in the room it has: whole sections side by side in as few columns as fit, or,
 * when even that does not fit (a small terminal), one column that scrolls, so no key is ever cut off.
 */
export function layoutHelp(
	sections: readonly HelpSection[],
	{width, height}: {width: number; height: number},
): HelpLayout {
	for (let count = 1; count <= sections.length; count++) {
		const columns = packColumns(sections, count, height);
		if (columns && totalWidth(columns) <= width) {
			return {columns: columns.map(columnOf), scrolls: false};
		}
	}
	return {columns: [columnOf(sections)], scrolls: true};
}

/** The first line shown when the one column of the help scrolls by `by` lines from `offset`. */
export function scrollHelp(offset: number, by: number, lineCount: number, height: number): number {
	return Math.max(0, Math.min(offset + by, lineCount - height));
}

function columnOf(sections: readonly HelpSection[]): HelpColumn {
	return {
		lines: sections.flatMap(({section, entries}, index): HelpLine[] => [
			...(index === 0 ? [] : [{kind: 'gap'} as const]),
			{kind: 'section', text: section},
			...entries.map((entry): HelpLine => ({kind: 'entry', ...entry})),
		]),
		keyWidth: keyWidthOf(sections),
	};
}

/** Lines a run of sections takes: a title and its entries each, a gap between them. */
function heightOf(sections: readonly HelpSection[]): number {
	return sections.reduce((sum, {entries}) => sum + 1 + entries.length, 0) + sections.length - 1;
}

function keyWidthOf(sections: readonly HelpSection[]): number {
	return Math.max(
		0,
		...sections.flatMap(({entries}) => entries.map(({keys}) => stringWidth(keys))),
	);
}

function widthOf(sections: readonly HelpSection[]): number {
	const keyWidth = keyWidthOf(sections);
	return Math.max(
		...sections.map(({section}) => stringWidth(section)),
		...sections.flatMap(({entries}) =>
			entries.map(({description}) => keyWidth + 1 + stringWidth(description)),
		),
	);
}

function totalWidth(columns: readonly HelpSection[][]): number {
	return (
		columns.reduce((sum, column) => sum + widthOf(column), 0) + COLUMN_GAP * (columns.length - 1)
	);
}

/** Whole sections in order into at most `count` columns of at most `height` lines, or undefined. */
function packColumns(
	sections: readonly HelpSection[],
	count: number,
	height: number,
): HelpSection[][] | undefined {
	const columns: HelpSection[][] = [[]];
	for (const section of sections) {
		const current = columns.at(-1)!;
		if (heightOf([...current, section]) <= height) {
			current.push(section);
		} else if (heightOf([section]) <= height && columns.length < count) {
			columns.push([section]);
		} else {
			return undefined;
		}
	}
	return columns;
}
