import {useCallback, useContext, useLayoutEffect, useReducer, useRef, useState} from 'react';
import {KeyRouterContext} from './key-router.js';

/**
 * useReducer whose latest state a key handler can read at once. Keys that arrive together (a paste,
 * a fast typist, a test) reach the handler before React re-renders; reading the state through
 * `current()` lets the second key see what the first one did. Each change is reported to the key
 * router until it is drawn, so that a key that acts on what is on screen waits for it.
 */
export function useSyncReducer<S, A>(
	reducer: (state: S, action: A) => S,
	initial: S,
): [state: S, dispatch: (action: A) => void, current: () => S] {
	const router = useContext(KeyRouterContext);
	const [state, dispatchToReact] = useReducer(reducer, initial);
	const latest = useRef(initial);
	const [owner] = useState(() => ({}));
	const dispatch = useCallback(
		(action: A) => {
			const next = reducer(latest.current, action);
			if (next !== latest.current) {
				router.changed(owner);
			}
			latest.current = next;
			dispatchToReact(action);
		},
		[reducer, router, owner],
	);
	const current = useCallback(() => latest.current, []);
	// After each commit of the component its change is on screen; so it is when the component goes.
	useLayoutEffect(() => router.drawn(owner));
	useLayoutEffect(() => () => router.drawn(owner), [router, owner]);
	return [state, dispatch, current];
}
