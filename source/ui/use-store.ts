import {useSyncExternalStore} from 'react';
import type {ReadableStore} from '../lib/store.js';

/** What a store holds now, drawn again whenever it changes. */
export function useStore<T>(store: ReadableStore<T>): T {
	return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
