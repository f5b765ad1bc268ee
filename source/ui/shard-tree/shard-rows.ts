import stringWidth from 'string-width';
import {type HashKeyRange, MAX_HASH_KEY, sharePercent, shortRange} from '../../model/hash-keys.js';
import type {Lineage, LineageNode, ShardState, TreeRow} from '../../model/lineage.js';
import {treeRows} from '../../model/lineage.js';
import {sanitizeLine} from '../../format/sanitize.js';
import type {Shard} from '../../model/shard.js';
import {fitWidth} from '../../format/text-width.js';
import {shardLabel, shortShard} from '../../format/shard-text.js';

/** The shard tree's rows as text: pure, so the pane and its tests agree on every character. */

/** The whole tree, or only the open shards in key order (a long history makes a tall tree). */
export function visibleRows(lineage: Lineage, openOnly: boolean): TreeRow[] {
	if (!openOnly) {
		return treeRows(lineage);
	}
	return lineage.open.map((shard) => ({
		key: shard.shardId,
		shardId: shard.shardId,
		depth: 0,
		guides: '',
		ref: false,
	}));
}

/** Guides deeper than the room are cut from the left, the depth said in numbers. */
export function fitGuides(guides: string, depth: number, room: number): string {
	if (stringWidth(guides) <= room) {
		return guides;
	}
	const marker = `…${depth} `;
	const keep = Math.max(0, Math.floor((room - marker.length) / 3) * 3);
	return `${marker}${guides.slice(guides.length - keep)}`;
}

export const STATE_COLORS: Record<ShardState, string> = {
	OPEN: 'green',
	CLOSED: 'yellow',
	EXPIRED: 'gray',
};

export type RowCells = {
	/** Guides and the shard id, or what a merge child's second row says. */
	name: string;
	state: string;
	/** The hash key range, shortened; empty where the width has no room for it. */
	range: string;
	share: string;
};

const STATE_WIDTH = 7;
const RANGE_WIDTH = 16;
const SHARE_WIDTH = 6;
const MIN_NAME_WIDTH = 26;

/** The least room a row's name keeps before the share column gives way too. */
const MIN_NAME_WITHOUT_SHARE = 12;

/** How shard ids are written in the tree: whole, or shortened to the number that tells them apart. */
export type IdForm = 'whole' | 'label' | 'number';

const ID_FORMS: readonly IdForm[] = ['whole', 'label', 'number'];

/** The columns a row has at this width: the range gives way first, then the share. */
function rowLayout(width: number) {
	const withRange = width - STATE_WIDTH - RANGE_WIDTH - SHARE_WIDTH - 3 >= MIN_NAME_WIDTH;
	const withShare = width - STATE_WIDTH - SHARE_WIDTH - 2 >= MIN_NAME_WITHOUT_SHARE;
	const nameWidth = Math.max(
		1,
		width - STATE_WIDTH - 1 - (withShare ? SHARE_WIDTH + 1 : 0) - (withRange ? RANGE_WIDTH + 1 : 0),
	);
	return {withRange, withShare, nameWidth};
}

function writeId(shardId: string, form: IdForm): string {
	return form === 'whole'
		? sanitizeLine(shardId)
		: form === 'label'
			? shardLabel(shardId)
			: shortShard(shardId);
}

/**
 * The one way of writing the ids that lets every row's id fit whole at this width: the digits that
 * tell shards apart are never cut, and the rows all say it the same way.
 */
export function idFormFor(rows: readonly TreeRow[], width: number): IdForm {
	const {nameWidth} = rowLayout(width);
	const fits = (form: IdForm) =>
		rows.every(
			(row) =>
				row.ref ||
				stringWidth(fitGuides(row.guides, row.depth, Math.floor(nameWidth / 2))) +
					stringWidth(writeId(row.shardId, form)) <=
					nameWidth,
		);
	return ID_FORMS.find((form) => fits(form)) ?? 'number';
}

/** One tree row cut to `width` cells, its shard id written as `form` says. */
export function rowCells(
	row: TreeRow,
	lineage: Lineage,
	width: number,
	form: IdForm = 'whole',
): RowCells {
	const node = lineage.nodes.get(row.shardId);
	const {withRange, withShare, nameWidth} = rowLayout(width);
	const guides = fitGuides(row.guides, row.depth, Math.floor(nameWidth / 2));
	const id = writeId(row.shardId, form);
	if (row.ref || !node) {
		return {
			name: fitWidth(`${guides}↳ ${id} (merge child, see below)`, width),
			state: '',
			range: '',
			share: '',
		};
	}
	const range = node.shard?.hashKeyRange;
	return {
		name: fitWidth(`${guides}${id}`, nameWidth),
		state: fitWidth(node.state, STATE_WIDTH),
		range: withRange ? fitWidth(range ? shortRange(range) : '', RANGE_WIDTH) : '',
		share: withShare
			? fitWidth(node.state === 'OPEN' && range ? sharePercent(range) : '', SHARE_WIDTH, 'right')
			: '',
	};
}

export type BarCell = {text: string; tone: 'even' | 'odd' | 'selected' | 'none'};

/**
 * How the open shards divide the key space, one cell per 1/width of it: each cell belongs to the
 * open shard that holds the key in its middle, neighbours told apart by tone, and the selected
 * shard's range (open or not) highlighted; a range narrower than a cell still marks one.
 */
export function keySpaceBar(
	open: readonly Shard[],
	width: number,
	selected?: HashKeyRange,
): BarCell[] {
	const cells: BarCell[] = [];
	const space = MAX_HASH_KEY + 1n;
	const size = BigInt(Math.max(1, width));
	let shardIndex = 0;
	for (let cell = 0n; cell < size; cell++) {
		const low = (space * cell) / size;
		const high = (space * (cell + 1n)) / size - 1n;
		const middle = (low + high) / 2n;
		while (shardIndex < open.length - 1 && (open[shardIndex] as Shard).hashKeyRange.end < middle) {
			shardIndex++;
		}
		const holder = open[shardIndex];
		const holds =
			holder && holder.hashKeyRange.start <= middle && middle <= holder.hashKeyRange.end;
		const marked =
			selected !== undefined &&
			((selected.start <= middle && middle <= selected.end) ||
				(low <= selected.start && selected.start <= high));
		const tone: BarCell['tone'] = marked
			? 'selected'
			: !holds
				? 'none'
				: shardIndex % 2 === 0
					? 'even'
					: 'odd';
		// Runs of one tone are one segment: neighbours alternate tones, so a run is one shard (or
		// shards narrower than a cell, which the bar cannot tell apart anyway).
		const previous = cells.at(-1);
		if (previous?.tone === tone) {
			previous.text += BAR_CHARACTERS[tone];
		} else {
			cells.push({text: BAR_CHARACTERS[tone], tone});
		}
	}
	return cells;
}

const BAR_CHARACTERS: Record<BarCell['tone'], string> = {
	even: '█',
	odd: '▓',
	selected: '░',
	none: ' ',
};

/** The selected shard under the tree, in two lines: what it is, and its family. */
export function shardSummaryLines(node: LineageNode): string[] {
	const id = sanitizeLine(node.shardId);
	const range = node.shard?.hashKeyRange;
	const what =
		node.state === 'OPEN' && range
			? `${id} · OPEN · ${sharePercent(range)} of the key space`
			: node.state === 'CLOSED'
				? `${id} · CLOSED: no new records, still readable`
				: `${id} · EXPIRED: beyond the retention period`;
	return [what, familyLines(node).join(' · ')].filter(Boolean);
}

/** The selected shard in full: its ranges whole (39 and 56 digits), its family. */
export function shardDetailLines(node: LineageNode, width: number): string[] {
	const id = sanitizeLine(node.shardId);
	const shard = node.shard;
	if (!shard) {
		return wrapAll(
			[`${id} · EXPIRED`, 'Beyond the retention period: no longer listed.', ...familyLines(node)],
			width,
		);
	}
	const range = shard.hashKeyRange;
	const sequence = shard.sequenceNumberRange;
	const heading =
		node.state === 'OPEN'
			? `${id} · OPEN · ${sharePercent(range)} of the key space`
			: `${id} · ${node.state}`;
	return wrapAll(
		[
			heading,
			...labelled('hash keys', range.start.toString(), width),
			...labelled('to', range.end.toString(), width),
			...labelled('sequence', sanitizeLine(sequence.start), width),
			...labelled('to', sequence.end === undefined ? '(open)' : sanitizeLine(sequence.end), width),
			...familyLines(node),
		],
		width,
	);
}

function familyLines(node: LineageNode): string[] {
	return [
		node.parents.length > 0
			? `${node.parents.length > 1 ? 'parents' : 'parent'} ${node.parents.join(' + ')}`
			: '',
		node.children.length > 0
			? `${node.children.length > 1 ? 'children' : 'child'} ${node.children.join(', ')}`
			: '',
	]
		.filter(Boolean)
		.map(sanitizeLine);
}

/** A label and a long number: on one line where they fit, the number on its own line where not. */
function labelled(label: string, value: string, width: number): string[] {
	const line = `${label.padStart(9)} ${value}`;
	return stringWidth(line) <= width ? [line] : [label.padStart(9), value];
}

/** What still does not fit breaks at a space, or where the width ends for a word longer than it. */
function wrapAll(lines: readonly string[], width: number): string[] {
	const room = Math.max(1, width);
	return lines.flatMap((line) => {
		const pieces: string[] = [];
		let rest = line;
		while (stringWidth(rest) > room) {
			let cut = '';
			for (const character of rest) {
				if (stringWidth(cut + character) > room) {
					break;
				}
				cut += character;
			}
			const space = cut.lastIndexOf(' ');
			if (space > cut.search(/\S/)) {
				cut = cut.slice(0, space);
			}
			pieces.push(cut);
			rest = rest.slice(cut.length).replace(/^ /, '');
		}
		pieces.push(rest);
		return pieces;
	});
}
