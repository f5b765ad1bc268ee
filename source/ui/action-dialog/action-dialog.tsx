import {Text} from 'ink';
import {Dialog} from '../components/dialog.js';
import {TextField} from '../components/text-field.js';
import {truncate} from '../text.js';
import type {ActionDialog} from './action-dialog-state.js';

/** Draws an action dialog; its text is made safe by whoever wrote it (lines name servers' things). */
export function ActionDialogView<P>({dialog, width}: {dialog: ActionDialog<P>; width: number}) {
	const inner = Math.max(1, width - 4);
	return (
		<Dialog title={dialog.title} width={width} hints={hintsOf(dialog)} tone={dialog.tone}>
			{(dialog.lines ?? []).map((line, index) => (
				// Lines are fixed text in a fixed order: their place is their identity.
				<Text key={index} wrap="wrap">
					{line}
				</Text>
			))}
			{dialog.kind === 'menu' || dialog.kind === 'checklist'
				? dialog.choices.map((choice, index) => {
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
				? dialog.fields.map((field, index) => (
						<TextField
							key={field.label}
							label={field.label}
							value={field.value}
							placeholder={field.placeholder}
							focused={index === dialog.focus}
							width={inner}
						/>
					))
				: null}
			{dialog.error ? (
				<Text color="red" wrap="wrap">
					{dialog.error}
				</Text>
			) : null}
		</Dialog>
	);
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
