import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {type ReactNode, useState} from 'react';
import {describe, expect, it, vi} from 'vitest';
import {
	createKeyRouter,
	KeyRouterContext,
	useFrameKeys,
	usePaneKeys,
} from '../../source/ui/key-router.js';
import {useSyncReducer} from '../../source/ui/use-sync-reducer.js';

/** A pane that writes down every key it is given while it has the focus. */
function Pane({name, focused, log}: {name: string; focused: boolean; log: string[]}) {
	usePaneKeys(
		(input, key) => {
			log.push(`${name}:${key.ctrl ? 'ctrl+' : ''}${input}`);
			return true;
		},
		{isActive: focused},
	);
	return <Text>{focused ? `[${name}]` : name}</Text>;
}

/** Two panes; the frame moves the focus with 1 and 2, as the explorer does. */
function Frame({log}: {log: string[]}) {
	const [router] = useState(createKeyRouter);
	const [focus, setFocus] = useState('one');
	useFrameKeys(router, (input, key) => {
		if (input === '1' || input === '2') {
			const next = input === '1' ? 'one' : 'two';
			setFocus(next);
			return next !== focus;
		}
		router.offer(input, key);
		return false;
	});
	return (
		<KeyRouterContext.Provider value={router}>
			<Pane name="one" focused={focus === 'one'} log={log} />
			<Pane name="two" focused={focus === 'two'} log={log} />
		</KeyRouterContext.Provider>
	);
}

describe('the key router', () => {
	it('gives each key of a burst to the pane that has the focus when that key comes', async () => {
		const log: string[] = [];
		const {stdin, lastFrame} = render(<Frame log={log} />);
		await vi.waitFor(() => expect(lastFrame()).toContain('[one]'));
		// Read at once, as a paste or keys typed while the explorer was busy drawing arrive.
		stdin.write('a2b1c');
		await vi.waitFor(() => expect(log).toHaveLength(3));
		expect(log).toEqual(['one:a', 'two:b', 'one:c']);
		expect(lastFrame()).toContain('[one]');
	});

	it('keeps the order of keys that come while a burst is still being handed out', async () => {
		const log: string[] = [];
		const {stdin, lastFrame} = render(<Frame log={log} />);
		await vi.waitFor(() => expect(lastFrame()).toContain('[one]'));
		stdin.write('a2bc');
		stdin.write('1d');
		await vi.waitFor(() => expect(log).toHaveLength(4));
		expect(log).toEqual(['one:a', 'two:b', 'two:c', 'one:d']);
	});

	it('gives the ctrl keys of a burst as ctrl keys, tab and backspace as theirs', async () => {
		const log: string[] = [];
		const {stdin, lastFrame} = render(<Frame log={log} />);
		await vi.waitFor(() => expect(lastFrame()).toContain('[one]'));
		// Keys typed faster than the explorer reads them: one read of five keys.
		stdin.write('a\u0015\t\u007f\u0017');
		await vi.waitFor(() => expect(log).toHaveLength(5));
		expect(log).toEqual(['one:a', 'one:ctrl+u', 'one:', 'one:', 'one:ctrl+w']);
	});

	it('holds a key that acts on what is on screen until the keys before it are drawn', async () => {
		const picked: string[] = [];
		const {stdin, lastFrame} = render(
			<Harness>
				<FilteredList items={['apple', 'banana', 'cherry']} picked={picked} />
			</Harness>,
		);
		await vi.waitFor(() => expect(lastFrame()).toContain('apple banana cherry'));
		// Typed faster than it is drawn: enter picks from the list as the filter left it.
		stdin.write('ch');
		stdin.write('\r');
		await vi.waitFor(() => expect(picked).toEqual(['cherry']));
		expect(lastFrame()).toContain('cherry');
		expect(lastFrame()).not.toContain('apple');
	});
});

/** The frame's part alone: keys to the one pane inside. */
function Harness({children}: {children: ReactNode}) {
	const [router] = useState(createKeyRouter);
	useFrameKeys(router, (input, key) => {
		router.offer(input, key);
	});
	return <KeyRouterContext.Provider value={router}>{children}</KeyRouterContext.Provider>;
}

/** Letters filter the list; enter picks its first row, as drawn. */
function FilteredList({items, picked}: {items: string[]; picked: string[]}) {
	const [filter, dispatch, current] = useSyncReducer(
		(text: string, letter: string) => text + letter,
		'',
	);
	const shown = items.filter((item) => item.includes(filter));
	usePaneKeys(
		(input, key) => {
			if (key.return) {
				picked.push(shown[0] ?? 'nothing');
			} else {
				dispatch(input);
			}
			return current() !== undefined;
		},
		{isActive: true},
	);
	return <Text>{shown.join(' ')}</Text>;
}
