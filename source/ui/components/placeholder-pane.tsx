import {Text} from 'ink';
import type {Size} from '../layout.js';
import {Pane} from './pane.js';

/** A pane whose feature has not landed yet: it says so, and does nothing else. */
export function PlaceholderPane({
	number,
	title,
	info,
	size,
	focused,
	coming,
}: {
	number: number;
	title: string;
	info?: string;
	size: Size;
	focused: boolean;
	coming: string;
}) {
	return (
		<Pane number={number} title={title} info={info} size={size} focused={focused}>
			<Text dimColor>Coming: {coming}</Text>
		</Pane>
	);
}
