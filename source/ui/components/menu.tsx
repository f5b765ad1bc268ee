import SelectInput from 'ink-select-input';
import {type ListWindow, resolveWindow} from '../list-window.js';
import {MenuIndicator, MenuItem} from './menu-item.js';

export type MenuEntry<V extends string = string> = {value: V; label: string};

/**
 * A menu: ink-select-input draws it, the pane that owns it keeps its cursor. ink-select-input reads
 * keys itself, a render late, and loses those typed faster than it draws (three j at once move it
 * one row); here it only draws, from the window the pane's key handler moves one key at a time.
 */
export function Menu({
	items,
	window,
	rows,
}: {
	items: readonly MenuEntry[];
	window: ListWindow;
	rows: number;
}) {
	const {index, offset} = resolveWindow(
		window,
		items.map((item) => item.value),
		rows,
	);
	const visible = items.slice(offset, offset + Math.max(1, rows));
	return (
		// Drawn anew for each cursor and each change of the rows: ink-select-input keeps its own cursor
		// from its first render, and puts it back on the first row when the rows' values change.
		<SelectInput
			key={`${index - offset}:${visible.map((item) => item.value).join('\n')}`}
			items={visible as MenuEntry[]}
			initialIndex={Math.max(0, index - offset)}
			isFocused={false}
			itemComponent={MenuItem}
			indicatorComponent={MenuIndicator}
		/>
	);
}
