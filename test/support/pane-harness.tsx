import {Box, Text} from 'ink';
import {useState} from 'react';
import type {ReactNode} from 'react';
import {createKeyRouter, KeyRouterContext, useFrameKeys} from '../../source/ui/key-router.js';
import {useStore} from '../../source/ui/use-store.js';

/**
 * A pane on its own, its keys routed as the frame routes them (one at a time, to the focused pane),
 * at a size of the test's choosing rather than the test terminal's 100×24. With `hints`, the line
 * under it shows the hints the pane gives the status bar.
 */
export function PaneHarness({children, hints = false}: {children: ReactNode; hints?: boolean}) {
	const [router] = useState(createKeyRouter);
	useFrameKeys(router, (input, key) => {
		router.offer(input, key);
	});
	return (
		<KeyRouterContext.Provider value={router}>
			{hints ? (
				<Box flexDirection="column">
					{children}
					<Hints router={router} />
				</Box>
			) : (
				children
			)}
		</KeyRouterContext.Provider>
	);
}

function Hints({router}: {router: ReturnType<typeof createKeyRouter>}) {
	const hints = useStore(router.hints);
	return <Text>{`hints: ${hints.map(({keys, label}) => `${keys} ${label}`).join(' · ')}`}</Text>;
}
