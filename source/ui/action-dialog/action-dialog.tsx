import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import {Dialog} from '../components/dialog.js';
import {TextField} from '../components/text-field.js';
import {truncate} from '../../format/text-width.js';
import type {ActionDialog} from './action-dialog-state.js';

/** The dialog's border, title and hints. */
const FRAME_ROWS = 4;

/**
 * Draws an action dialog in at most `height` rows: the error, the start of the explanation, and
 * the choices or fields (a long menu scrolls with its selection), then the rest of the explanation
 * as room allows. Its text is made safe by whoever wrote it (lines name servers' things).
 */
export function ActionDialogView<P>({
	dialog,
	width,
	height,
}: {
	dialog: ActionDialog<P>;
	width: number;
	height: number;
}) {
	const inner = Math.max(1, width - 4);
	const budget = Math.max(1, height - FRAME_ROWS);
	const errorRows = dialog.error ? Math.min(2, rowsOf(dialog.error, inner), budget) : 0;
	const items =
		dialog.kind === 'menu' || dialog.kind === 'checklist'
			? dialog.choices.length
			: dialog.kind === 'form'
				? dialog.fields.length
				: 0;
	// What will happen comes first, up to two rows of it; a long menu can scroll.
	const lineRows = (dialog.lines ?? []).reduce((sum, line) => sum + rowsOf(line, inner), 0);
	const reserved = Math.min(2, lineRows, Math.max(0, budget - errorRows - 1));
	const itemRows = Math.min(items, Math.max(items > 0 ? 1 : 0, budget - errorRows - reserved));
	const lines = fitLines(dialog.lines ?? [], inner, Math.max(0, budget - errorRows - itemRows));
	return (
		<Dialog title={dialog.title} width={width} hints={hintsOf(dialog)} tone={dialog.tone}>
			{lines.map(({text, rows}, index) => (
				// Lines are fixed text in a fixed order: their place is their identity.
				<Box key={index} height={rows} flexShrink={0}>
					<Text wrap={rows > 1 ? 'wrap' : 'truncate'}>{text}</Text>
				</Box>
			))}
			{dialog.kind === 'menu' || dialog.kind === 'checklist'
				? windowOf(dialog.choices.length, dialog.index, itemRows).map((index) => {
						const choice = dialog.choices[index];
						if (!choice) {
							return null;
						}
						const selected = index === dialog.index;
						const mark =
							dialog.kind === 'checklist'
								? `[${choice.checked ? 'x' : ' '}] `
								: choice.letter
									? `${choice.letter}  `
									: '';
						return (
							<Text
								key={choice.id}
								wrap="truncate"
								inverse={selected}
								dimColor={choice.disabled !== undefined && !selected}
							>
								{truncate(`${selected ? '›' : ' '} ${mark}${choice.label}`, inner)}
							</Text>
						);
					})
				: null}
			{dialog.kind === 'form'
				? windowOf(dialog.fields.length, dialog.focus, itemRows).map((index) => {
						const field = dialog.fields[index];
						return field ? (
							<TextField
								key={field.label}
								label={field.label}
								value={field.value}
								cursor={field.cursor}
								placeholder={field.placeholder}
								focused={index === dialog.focus}
								width={inner}
							/>
						) : null;
					})
				: null}
			{dialog.error ? (
				<Box height={errorRows} flexShrink={0}>
					<Text color="red" wrap={errorRows > 1 ? 'wrap' : 'truncate'}>
						{dialog.error}
					</Text>
				</Box>
			) : null}
		</Dialog>
	);
}

function rowsOf(text: string, width: number): number {
	return Math.max(1, Math.ceil(stringWidth(text) / Math.max(1, width)));
}

/** The lines that fit in `room` rows: whole while they fit, then one truncated row, then none. */
function fitLines(
	lines: readonly string[],
	width: number,
	room: number,
): Array<{text: string; rows: number}> {
	const fitted: Array<{text: string; rows: number}> = [];
	let left = room;
	for (const text of lines) {
		if (left <= 0) {
			break;
		}
		const rows = Math.min(rowsOf(text, width), left);
		fitted.push({text, rows});
		left -= rows;
	}
	return fitted;
}

/** The indexes on screen: all of them, or `size` of them around the selected one. */
function windowOf(count: number, selected: number, size: number): number[] {
	const start = Math.min(Math.max(0, selected - Math.floor(size / 2)), Math.max(0, count - size));
	return Array.from({length: Math.min(size, count)}, (_, offset) => start + offset);
}

function hintsOf<P>(dialog: ActionDialog<P>): string {
	switch (dialog.kind) {
		case 'menu': {
			return 'letter or enter choose · esc close';
		}
		case 'checklist': {
			return `space tick · enter ${dialog.verb} · esc cancel`;
		}
		case 'form': {
			return `${dialog.fields.length > 1 ? 'tab next field · ' : ''}enter ${dialog.verb} · esc cancel`;
		}
		case 'confirm': {
			return `enter ${dialog.verb} · esc cancel`;
		}
	}
}
