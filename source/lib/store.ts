/**
 * The smallest external store that React's useSyncExternalStore reads: the service layer writes a
 * new immutable snapshot, and every subscriber hears of it.
 */
export type ReadableStore<T> = {
	subscribe(listener: () => void): () => void;
	getSnapshot(): T;
};

export type Store<T> = ReadableStore<T> & {
	set(next: T | ((previous: T) => T)): void;
};

export function createStore<T>(initial: T): Store<T> {
	let snapshot = initial;
	const listeners = new Set<() => void>();
	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
		getSnapshot: () => snapshot,
		set(next) {
			const value = typeof next === 'function' ? (next as (previous: T) => T)(snapshot) : next;
			if (Object.is(value, snapshot)) {
				return;
			}
			snapshot = value;
			for (const listener of listeners) {
				listener();
			}
		},
	};
}
