import {useState} from 'react';
import type {ReactNode} from 'react';
import {createKeyRouter, KeyRouterContext, useFrameKeys} from '../../source/ui/key-router.js';

/**
 * A pane on its own, its keys routed as the frame routes them (one at a time, to the focused pane),
 * at a size of the test's choosing rather than the test terminal's 100×24.
 */
export function PaneHarness({children}: {children: ReactNode}) {
	const [router] = useState(createKeyRouter);
	useFrameKeys(router, (input, key) => {
		router.offer(input, key);
	});
	return <KeyRouterContext.Provider value={router}>{children}</KeyRouterContext.Provider>;
}
