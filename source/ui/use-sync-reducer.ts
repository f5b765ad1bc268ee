import {useCallback, useReducer, useRef} from 'react';

/**
 * useReducer whose latest state a key handler can read at once. Keys that arrive together (a paste,
 * a fast typist, a test) reach the handler before React re-renders; reading the state through
 * `current()` lets the second key see what the first one did.
 */
export function useSyncReducer<S, A>(
	reducer: (state: S, action: A) => S,
	initial: S,
): [state: S, dispatch: (action: A) => void, current: () => S] {
	const [state, dispatchToReact] = useReducer(reducer, initial);
	const latest = useRef(initial);
	const dispatch = useCallback(
		(action: A) => {
			latest.current = reducer(latest.current, action);
			dispatchToReact(action);
		},
		[reducer],
	);
	const current = useCallback(() => latest.current, []);
	return [state, dispatch, current];
}
